using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// The real gateway in front of a <see cref="HostileUpstream"/>, through the documented keys only: an OpenAI-compatible
/// provider and an Anthropic one, each with small read limits, a key, and a secret extra header.
/// </summary>
public sealed class HostileUpstreamFixture : ChatGrpcServerFixture, IDisposable
{
    public const string OpenAiKey = "sk-proj-hostileTestKey0123456789abcdef";
    public const string AnthropicKey = "an-anthropic-key-from-configuration";
    public const string SecretHeader = "team-token-3f9a1c77e2b54d0a";
    public const int MaxResponseBytes = 1024 * 1024;
    public const int MaxEventBytes = 64 * 1024;

    public HostileUpstreamFixture()
    {
        Upstream = new HostileUpstream();
        var baseUrl = Upstream.BaseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Providers:openai:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:openai:BaseUrl"] = baseUrl + "/v1",
            ["ChatGrpc:Providers:openai:ApiKey"] = OpenAiKey,
            ["ChatGrpc:Providers:openai:Headers:X-Team-Token"] = SecretHeader,
            ["ChatGrpc:Providers:openai:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Providers:openai:MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Providers:claude:Kind"] = "Anthropic",
            ["ChatGrpc:Providers:claude:BaseUrl"] = baseUrl,
            ["ChatGrpc:Providers:claude:ApiKey"] = AnthropicKey,
            ["ChatGrpc:Providers:claude:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Providers:claude:MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Resilience:RetryDelay"] = "00:00:00.010",
            ["ChatGrpc:Resilience:BreakerMinimumThroughput"] = "1000",
        };
        var i = 0;
        foreach (var provider in new[] { "openai", "claude" })
        {
            foreach (var behaviour in new[] { "huge", "gzip-bomb", "huge-event", "echo-key", "echo-key-stream" })
            {
                settings[$"ChatGrpc:Models:{i}:Name"] = $"{provider}-{behaviour}";
                settings[$"ChatGrpc:Models:{i}:Deployments:0:Provider"] = provider;
                settings[$"ChatGrpc:Models:{i}:Deployments:0:Model"] = behaviour;
                i++;
            }
        }

        ExtraSettings = settings;
    }

    public HostileUpstream Upstream { get; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; }

    // xunit disposes the gateway (IAsyncLifetime) first, then this: the upstream outlives the gateway's last call.
    public void Dispose() => Upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
