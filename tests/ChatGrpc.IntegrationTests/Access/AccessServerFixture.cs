using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// The gateway with two models and users of every kind of access, counting in memory: <c>tester</c> has the default
/// (the development model only, no limits), <c>alice</c> every model, <c>bob</c> 3 requests a minute, <c>carol</c>
/// 1,000 tokens a minute, <c>dave</c> 1,000 tokens a day, <c>erin</c> 3 requests a minute over gRPC, <c>frank</c>
/// 1,000 tokens a minute for streams.
/// </summary>
public sealed class AccessServerFixture : ChatGrpcServerFixture
{
    public const string OtherModel = "other-model";
    public const string UserPassword = "a password for the access tests";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = Settings();

    private static Dictionary<string, string?> Settings()
    {
        var hash = HashOf(UserPassword);
        var settings = new Dictionary<string, string?>
        {
            // A second model, on an upstream nobody listens on: access is decided before any upstream is called.
            ["ChatGrpc:Providers:nowhere:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:nowhere:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["ChatGrpc:Models:0:Name"] = OtherModel,
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "nowhere",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "x",
            ["ChatGrpc:Access:Default:Models:0"] = "chatgrpc-dev",
            ["ChatGrpc:Access:Users:alice:Models:0"] = "*",
            ["ChatGrpc:Access:Users:bob:RequestsPerMinute"] = "3",
            ["ChatGrpc:Access:Users:carol:TokensPerMinute"] = "1000",
            ["ChatGrpc:Access:Users:dave:TokensPerDay"] = "1000",
            ["ChatGrpc:Access:Users:erin:RequestsPerMinute"] = "3",
            ["ChatGrpc:Access:Users:frank:TokensPerMinute"] = "1000",
        };
        foreach (var user in new[] { "alice", "bob", "carol", "dave", "erin", "frank" })
        {
            settings[$"ChatGrpc:Auth:Users:{user}"] = hash;
        }

        return settings;
    }

    public HttpClient CreateHttpClient(string user)
    {
        var client = CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(BasicAuthorization(user, UserPassword));
        return client;
    }
}
