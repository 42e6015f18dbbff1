namespace ChatGrpc.Server.Auth;

/// <summary>The outcome of a check and, when it succeeded, the configured name of the user.</summary>
public readonly record struct AuthenticationResult(AuthenticationOutcome Outcome, string? UserName)
{
    public static AuthenticationResult MissingCredentials { get; } = new(AuthenticationOutcome.MissingCredentials, null);

    public static AuthenticationResult MalformedCredentials { get; } = new(AuthenticationOutcome.MalformedCredentials, null);

    public static AuthenticationResult IncorrectCredentials { get; } = new(AuthenticationOutcome.IncorrectCredentials, null);

    public bool IsAuthenticated => Outcome == AuthenticationOutcome.Authenticated;

    public static AuthenticationResult Authenticated(string userName) => new(AuthenticationOutcome.Authenticated, userName);
}
