using ChatGrpc.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Hosting;

/// <summary>Every feature's validator runs at start-up, and one start lists every feature's problems together.</summary>
public sealed class FeatureValidationTests
{
    [Fact]
    public void OneMistakePerFeature_StopsStartUp_ListingEveryOneByItsKey()
    {
        var error = Assert.Throws<StartupException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Limits:MaxConcurrentCalls"] = "0",
            ["ChatGrpc:RequestBody:MaxBytes"] = "0",
            ["ChatGrpc:Admin:RecentCalls"] = "0",
            ["ChatGrpc:Development:TokenDelay"] = "-00:00:01",
            ["ChatGrpc:Resilience:MaxRetries"] = "11",
            ["ChatGrpc:Telemetry:TraceUrlTemplate"] = "javascript:alert('{traceId}')",
        })));

        Assert.Equal(
            [
                "ChatGrpc:Admin:RecentCalls must be between 1 and 5000.",
                "ChatGrpc:Development:TokenDelay is -00:00:01: expected 00:00:00 (no pause) to 1.00:00:00.",
                "ChatGrpc:Limits:MaxConcurrentCalls must be at least 1 (it is 0).",
                "ChatGrpc:RequestBody:MaxBytes must be positive (it is 0).",
                "ChatGrpc:Resilience:MaxRetries must be between 0 and 10.",
                "ChatGrpc:Telemetry:TraceUrlTemplate must be an absolute http or https URL holding {traceId} (e.g. http://jaeger:16686/trace/{traceId}), or be left out.",
            ],
            error.Problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LogFloodMistake_StopsStartUp_ByItsKey()
    {
        // Alone: the host builds its logger factory, and with it the flood guard, before the start-up check runs.
        var error = Assert.Throws<OptionsValidationException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatGrpc:Logging:RecordsPerInterval"] = "0",
            ["ChatGrpc:Logging:Interval"] = "00:00:00",
        })));

        Assert.Equal(["ChatGrpc:Logging:RecordsPerInterval must be at least 1 (it is 0).", "ChatGrpc:Logging:Interval must be positive (it is 00:00:00)."], error.Failures);
        Assert.Equal("ChatGrpc cannot start; 2 problems:" + Environment.NewLine + "  - ChatGrpc:Logging:RecordsPerInterval must be at least 1 (it is 0)." + Environment.NewLine + "  - ChatGrpc:Logging:Interval must be positive (it is 00:00:00).", StartupFailure.Describe(error));
    }
}
