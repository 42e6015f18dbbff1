using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;
using ChatGrpc.Server.Auth;

namespace ChatGrpc.IntegrationTests.Readme;

/// <summary>
/// The gateway as the README's examples expect it: the user <c>dev</c> with <c>dev-password</c> and the development API
/// key <c>cgk_dev-key-for-development-only</c> (as <c>appsettings.Development.json</c> has them), and the README's
/// provider example (<c>llama3:8b</c> on an OpenAI-compatible server), here served by a <see cref="MockUpstream"/>.
/// </summary>
public sealed class ReadmeServerFixture : ChatGrpcServerFixture, IDisposable
{
    public ReadmeServerFixture()
    {
        Upstream = new MockUpstream();
        ExtraSettings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Auth:Users:dev"] = HashOf("dev-password"),
            ["ChatGrpc:Auth:ApiKeys:dev:User"] = "dev",
            ["ChatGrpc:Auth:ApiKeys:dev:Hash"] = ApiKeyHash.Of("cgk_dev-key-for-development-only").Encode(),
            ["ChatGrpc:Providers:local:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:local:BaseUrl"] = Upstream.BaseAddress.ToString().TrimEnd('/') + "/v1",
            ["ChatGrpc:Models:0:Name"] = "llama3:8b",
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "local",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "ok",
        };
    }

    public MockUpstream Upstream { get; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; }

    public void Dispose() => Upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
