using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Tests.Auth;

/// <summary>Every path that checks credentials (interceptor, admin page, metrics) tells a refused caller the same.</summary>
public class SignInRefusalTests
{
    private const string Challenge = "Basic realm=\"ChatGrpc\"";

    public static TheoryData<string, string, string, bool> Refusals => new()
    {
        { nameof(AuthenticationResult.MissingCredentials), nameof(ChatErrorKind.Unauthenticated), SignInRefusal.NotAuthenticatedDetail, true },
        { nameof(AuthenticationResult.MalformedCredentials), nameof(ChatErrorKind.Unauthenticated), SignInRefusal.NotAuthenticatedDetail, true },
        { nameof(AuthenticationResult.IncorrectCredentials), nameof(ChatErrorKind.Unauthenticated), SignInRefusal.IncorrectCredentialsDetail, true },
        { nameof(AuthenticationResult.IncorrectApiKey), nameof(ChatErrorKind.Unauthenticated), SignInRefusal.IncorrectApiKeyDetail, true },
        { nameof(AuthenticationResult.Throttled), nameof(ChatErrorKind.RateLimited), SignInRefusal.ThrottledDetail, false },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Of_GivesEachOutcomeItsKindDetailAndChallenge(string outcome, string kind, string detail, bool challenged)
    {
        var result = outcome switch
        {
            nameof(AuthenticationResult.MissingCredentials) => AuthenticationResult.MissingCredentials,
            nameof(AuthenticationResult.MalformedCredentials) => AuthenticationResult.MalformedCredentials,
            nameof(AuthenticationResult.IncorrectCredentials) => AuthenticationResult.IncorrectCredentials,
            nameof(AuthenticationResult.IncorrectApiKey) => AuthenticationResult.IncorrectApiKey,
            _ => AuthenticationResult.Throttled(TimeSpan.FromSeconds(7)),
        };

        var refusal = SignInRefusal.Of(result, Challenge);

        Assert.Equal((kind, detail), (refusal.Kind.ToString(), refusal.Message));
        Assert.Equal(challenged ? Challenge : null, refusal.Challenge);
        Assert.Equal(challenged ? null : TimeSpan.FromSeconds(7), refusal.RetryAfter);
    }

    [Fact]
    public void Challenge_IsBearersForAnApiKey_AndBasicsOtherwise()
    {
        var options = new BasicAuthOptions { Realm = "corp" };

        Assert.Equal("Basic realm=\"corp\"", SignInRefusal.Challenge(options, apiKey: false));
        Assert.Equal("Bearer realm=\"corp\", error=\"invalid_token\"", SignInRefusal.Challenge(options, apiKey: true));
    }
}
