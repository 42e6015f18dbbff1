using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// What a call whose credentials were refused is told, the same on every path that checks them (the gRPC interceptor,
/// the operator's page and the metrics endpoint); the renderers turn it into a 401 or 429, or <c>UNAUTHENTICATED</c> or
/// <c>RESOURCE_EXHAUSTED</c>.
/// </summary>
internal static class SignInRefusal
{
    public const string NotAuthenticatedDetail = "Not authenticated";
    public const string IncorrectCredentialsDetail = "Incorrect username or password";
    public const string IncorrectApiKeyDetail = "Incorrect API key: it is not a configured key, or it was removed or has expired";
    public const string ThrottledDetail = "Too many failed sign-ins from this address or for this user; try again after the time in Retry-After.";

    /// <param name="result">A result that is not <see cref="AuthenticationResult.IsAuthenticated"/>.</param>
    /// <param name="challenge">The <c>WWW-Authenticate</c> value a REST answer carries (<see cref="Challenge"/>).</param>
    public static ChatCompletionException Of(AuthenticationResult result, string challenge) => result.Outcome switch
    {
        AuthenticationOutcome.Throttled => new ChatCompletionException(ChatErrorKind.RateLimited, ThrottledDetail) { RetryAfter = result.RetryAfter },
        AuthenticationOutcome.IncorrectCredentials when result.IsApiKey => new ChatCompletionException(ChatErrorKind.Unauthenticated, IncorrectApiKeyDetail) { Challenge = challenge },
        AuthenticationOutcome.IncorrectCredentials => new ChatCompletionException(ChatErrorKind.Unauthenticated, IncorrectCredentialsDetail) { Challenge = challenge },
        _ => new ChatCompletionException(ChatErrorKind.Unauthenticated, NotAuthenticatedDetail) { Challenge = challenge },
    };

    /// <summary>The <c>WWW-Authenticate</c> challenge: Bearer's for a refused API key, otherwise Basic's.</summary>
    public static string Challenge(BasicAuthOptions options, bool apiKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        return apiKey ? $"Bearer realm=\"{options.Realm}\", error=\"invalid_token\"" : $"Basic realm=\"{options.Realm}\"";
    }
}
