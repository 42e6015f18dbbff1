using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>
/// The real gateway with an admin (<see cref="ChatGrpcServerFixture.UserName"/>) and a user who is not one, models on a
/// <see cref="MockUpstream"/> (one whose preferred deployment always fails, so calls fail over), and headless chromium.
/// </summary>
public sealed class AdminServerFixture : ChatGrpcServerFixture, IDisposable
{
    public const string Viewer = "viewer";
    public const string ViewerPassword = "not an admin at all";

    /// <summary>Preferred by weight, always failing: every call fails over to <c>mock/ok</c>.</summary>
    public const string FailoverModel = "failover";
    public const string OkModel = "gpt-ok";

    /// <summary>A user whose daily budget (0.00001 USD) one call spends: the next is refused.</summary>
    public const string Frugal = "frugal";
    public const string FrugalPassword = "spends nothing at all";

    public const int SeededRecords = 10_000;

    private readonly Lazy<Task> _seeded;

    public AdminServerFixture()
    {
        _seeded = new Lazy<Task>(() => UsageSeed.WriteAsync(Services, SeededRecords));
        Upstream = new MockUpstream();
        var baseUrl = Upstream.BaseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            [$"ChatGrpc:Auth:Users:{Viewer}"] = HashOf(ViewerPassword),
            ["ChatGrpc:Auth:Admins:0"] = UserName,
            ["ChatGrpc:Providers:mock:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:mock:BaseUrl"] = baseUrl + "/v1",
            ["ChatGrpc:Providers:mock:ApiKey"] = "sk-admin-test-secret",
            ["ChatGrpc:Providers:mock:MaxConcurrentCalls"] = "8",
            ["ChatGrpc:Providers:mock:QueueLength"] = "4",
            ["ChatGrpc:Resilience:RetryDelay"] = "00:00:00.010",
            ["ChatGrpc:Resilience:BreakerMinimumThroughput"] = "100",
            ["ChatGrpc:Telemetry:TraceUrlTemplate"] = "http://127.0.0.1:16686/trace/{traceId}",
            ["ChatGrpc:Telemetry:TracingEnabled"] = "true",
            ["ChatGrpc:Models:0:Name"] = FailoverModel,
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "mock",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "fail-500",
            ["ChatGrpc:Models:0:Deployments:0:Weight"] = "1000000",
            ["ChatGrpc:Models:0:Deployments:1:Provider"] = "mock",
            ["ChatGrpc:Models:0:Deployments:1:Model"] = "ok",
            ["ChatGrpc:Models:0:Deployments:1:Weight"] = "1",
            ["ChatGrpc:Models:1:Name"] = OkModel,
            ["ChatGrpc:Models:1:Deployments:0:Provider"] = "mock",
            ["ChatGrpc:Models:1:Deployments:0:Model"] = "ok",
            [$"ChatGrpc:Auth:Users:{Frugal}"] = HashOf(FrugalPassword),
            ["ChatGrpc:Access:Default:RequestsPerMinute"] = "1000",
            [$"ChatGrpc:Access:Users:{Frugal}:SpendPerDay"] = "0.00001",
        };
        foreach (var model in new[] { 0, 1 })
        {
            settings[$"ChatGrpc:Models:{model}:Price:InputPerMillionTokens"] = "2.50";
            settings[$"ChatGrpc:Models:{model}:Price:CachedInputPerMillionTokens"] = "1.25";
            settings[$"ChatGrpc:Models:{model}:Price:OutputPerMillionTokens"] = "10";
        }

        ExtraSettings = settings;
    }

    public MockUpstream Upstream { get; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; }

    /// <summary>
    /// The usage records of <see cref="SeededRecords"/> earlier calls (1 to 59 days ago, other users than the tests'),
    /// written once into the gateway's database, as months of traffic would have: the page must stay small and fast.
    /// </summary>
    public Task SeedAsync() => _seeded.Value;

    public void Dispose() => Upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
