namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway with a development model that takes a minute per token: the first chunk of a stream arrives at
/// once, the rest never does within a test, so flushing and cancellation can be observed without timing.
/// </summary>
public sealed class SlowServerFixture : ChatGrpcServerFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["ChatGrpc:Development:TokenDelay"] = "00:01:00",
        ["HostOptions:ShutdownTimeout"] = "00:00:05",
    };
}
