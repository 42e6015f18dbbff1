using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>
/// The real gateway configured, through the documented keys only, with providers on a <see cref="MockUpstream"/>:
/// one model per behaviour of the mock, failover and fallback pairs, and an Azure deployment.
/// </summary>
public sealed class UpstreamServerFixture : ChatGrpcServerFixture, IDisposable
{
    public const string ApiKey = "sk-test-secret";
    public const string AzureKey = "azure-test-secret";
    public const string AnthropicKey = "anthropic-test-secret";

    public UpstreamServerFixture()
    {
        Upstream = new MockUpstream();
        var baseUrl = Upstream.BaseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Providers:mock:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:mock:BaseUrl"] = baseUrl + "/v1",
            ["ChatGrpc:Providers:mock:ApiKey"] = ApiKey,
            ["ChatGrpc:Providers:mock:Headers:X-Team"] = "search",
            ["ChatGrpc:Providers:mock:Timeout"] = "00:00:10",
            ["ChatGrpc:Providers:impatient:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:impatient:BaseUrl"] = baseUrl + "/v1",
            ["ChatGrpc:Providers:impatient:Timeout"] = "00:00:00.500",
            ["ChatGrpc:Providers:impatient:FirstChunkTimeout"] = "00:00:00.300",
            ["ChatGrpc:Providers:azure:Kind"] = "AzureOpenAI",
            ["ChatGrpc:Providers:azure:BaseUrl"] = baseUrl,
            ["ChatGrpc:Providers:azure:ApiKey"] = AzureKey,
            ["ChatGrpc:Providers:azure:ApiVersion"] = "2024-10-21",
            ["ChatGrpc:Providers:claude:Kind"] = "Anthropic",
            ["ChatGrpc:Providers:claude:BaseUrl"] = baseUrl,
            ["ChatGrpc:Providers:claude:ApiKey"] = AnthropicKey,
            ["ChatGrpc:Providers:narrow:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:narrow:BaseUrl"] = baseUrl + "/v1",
            ["ChatGrpc:Providers:narrow:MaxConcurrentCalls"] = "1",
            ["ChatGrpc:Providers:narrow:QueueLength"] = "0",
            ["ChatGrpc:Resilience:RetryDelay"] = "00:00:00.010",
            ["ChatGrpc:Resilience:BreakerMinimumThroughput"] = "100",
        };
        var models = new (string Name, string[] Deployments, string[] Fallbacks)[]
        {
            ("gpt-ok", ["mock/ok"], []),
            ("failover", ["mock/fail-500:1000000", "mock/ok:1"], []),
            ("timeout-failover", ["impatient/slow:1000000", "mock/ok:1"], []),
            ("falls-back", ["mock/fail-500"], ["gpt-ok"]),
            ("rate-limited", ["mock/rate-limited-once"], []),
            ("dies", ["mock/dies-mid-stream"], []),
            ("hangs", ["mock/hangs"], []),
            ("context", ["mock/context-length"], []),
            ("redirected", ["mock/redirects"], []),
            ("no-usage", ["mock/no-usage"], []),
            ("byte-by-byte", ["mock/byte-by-byte"], []),
            ("all-fail", ["mock/fail-500", "impatient/slow", "mock/unauthorized"], []),
            ("all-slow", ["impatient/slow"], []),
            ("azure-model", ["azure/my-deployment"], []),
            (Tests.Shared.EveryFieldRequest.Model, ["mock/ok"], []),
            ("claude", ["claude/claude-sonnet-4-5"], []),
            ("claude-overloaded", ["claude/overloaded"], ["claude"]),
            ("claude-drops", ["claude/claude-sonnet-4-5"], []),
            ("narrow", ["narrow/hangs"], []),
            ("reasoning", ["mock/reasoning"], []),
            ("rate-limited-always", ["mock/rate-limited-a", "mock/rate-limited-b"], []),
            ("not-found", ["mock/not-found"], []),
            ("too-large", ["mock/too-large"], []),
            ("unprocessable", ["mock/unprocessable"], []),
            ("refuses-extras", ["mock/ok"], []),
            ("Qwen/Qwen3-8B", ["mock/ok"], []),
        };
        for (var i = 0; i < models.Length; i++)
        {
            settings[$"ChatGrpc:Models:{i}:Name"] = models[i].Name;
            for (var j = 0; j < models[i].Deployments.Length; j++)
            {
                var (provider, rest) = (models[i].Deployments[j].Split('/')[0], models[i].Deployments[j].Split('/')[1]);
                var parts = rest.Split(':');
                settings[$"ChatGrpc:Models:{i}:Deployments:{j}:Provider"] = provider;
                settings[$"ChatGrpc:Models:{i}:Deployments:{j}:Model"] = parts[0];
                if (parts.Length > 1)
                {
                    settings[$"ChatGrpc:Models:{i}:Deployments:{j}:Weight"] = parts[1];
                }
            }

            if (models[i].Name == "refuses-extras")
            {
                settings[$"ChatGrpc:Models:{i}:ExtraFields"] = "Refuse";
            }

            if (models[i].Name is "claude-overloaded" or "claude-drops")
            {
                settings[$"ChatGrpc:Models:{i}:UnsupportedFields"] = "Drop";
            }

            for (var k = 0; k < models[i].Fallbacks.Length; k++)
            {
                settings[$"ChatGrpc:Models:{i}:Fallbacks:{k}"] = models[i].Fallbacks[k];
            }
        }

        ExtraSettings = settings;
    }

    public MockUpstream Upstream { get; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; }

    // xunit disposes the gateway (IAsyncLifetime) first, then this: the upstream outlives the gateway's last call.
    public void Dispose() => Upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
