using Microsoft.AspNetCore.Builder;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// One gateway with the settings a test gives it, for tests that run several (instances sharing a Redis) or start
/// one again. Start it with <see cref="ChatGrpcServerFixture.InitializeAsync"/>, stop it with <c>DisposeAsync</c>.
/// </summary>
public sealed class GatewayInstance(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null, string[]? arguments = null) : ChatGrpcServerFixture, IAsyncDisposable
{
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;

    protected override void ConfigureBuilder(WebApplicationBuilder builder) => configure?.Invoke(builder);

    protected override string[] Arguments => arguments ?? [];

    /// <summary>An HttpClient signed in as <paramref name="user"/>.</summary>
    public HttpClient CreateHttpClient(string user, string password)
    {
        var client = CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(BasicAuthorization(user, password));
        return client;
    }
}
