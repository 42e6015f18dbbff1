namespace ChatGrpc.Server.Auth;

/// <summary>The outcome of a check and, when it succeeded, the configured name of the user (and of the API key, when one signed in).</summary>
internal readonly record struct AuthenticationResult(AuthenticationOutcome Outcome, string? UserName)
{
    public static AuthenticationResult MissingCredentials { get; } = new(AuthenticationOutcome.MissingCredentials, null);

    public static AuthenticationResult MalformedCredentials { get; } = new(AuthenticationOutcome.MalformedCredentials, null);

    public static AuthenticationResult IncorrectCredentials { get; } = new(AuthenticationOutcome.IncorrectCredentials, null);

    /// <summary>An <c>Authorization: Bearer</c> token that is no configured key, or a removed or expired one.</summary>
    public static AuthenticationResult IncorrectApiKey { get; } = new(AuthenticationOutcome.IncorrectCredentials, null) { IsApiKey = true };

    /// <summary>When <see cref="AuthenticationOutcome.Throttled"/>: how long the client should wait before trying
    /// again (positive, not rounded; a <c>Retry-After</c> header rounds it up to whole seconds). Otherwise null.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether the credential was an API key (<c>Authorization: Bearer</c>) rather than Basic.</summary>
    public bool IsApiKey { get; init; }

    /// <summary>When authenticated with an API key: its configured name. Otherwise null.</summary>
    public string? KeyName { get; init; }

    public bool IsAuthenticated => Outcome == AuthenticationOutcome.Authenticated;

    public static AuthenticationResult Authenticated(string userName) => new(AuthenticationOutcome.Authenticated, userName);

    public static AuthenticationResult AuthenticatedWithKey(ConfiguredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(AuthenticationOutcome.Authenticated, key.User) { IsApiKey = true, KeyName = key.Name };
    }

    public static AuthenticationResult Throttled(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        return new(AuthenticationOutcome.Throttled, null) { RetryAfter = retryAfter };
    }
}
