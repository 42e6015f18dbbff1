namespace ChatGrpc.Server.Auth;

/// <summary>The outcome of a check and, when it succeeded, the configured name of the user.</summary>
internal readonly record struct AuthenticationResult(AuthenticationOutcome Outcome, string? UserName)
{
    public static AuthenticationResult MissingCredentials { get; } = new(AuthenticationOutcome.MissingCredentials, null);

    public static AuthenticationResult MalformedCredentials { get; } = new(AuthenticationOutcome.MalformedCredentials, null);

    public static AuthenticationResult IncorrectCredentials { get; } = new(AuthenticationOutcome.IncorrectCredentials, null);

    /// <summary>When <see cref="AuthenticationOutcome.Throttled"/>: how long the client should wait before trying
    /// again (positive, not rounded; a <c>Retry-After</c> header rounds it up to whole seconds). Otherwise null.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsAuthenticated => Outcome == AuthenticationOutcome.Authenticated;

    public static AuthenticationResult Authenticated(string userName) => new(AuthenticationOutcome.Authenticated, userName);

    public static AuthenticationResult Throttled(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        return new(AuthenticationOutcome.Throttled, null) { RetryAfter = retryAfter };
    }
}
