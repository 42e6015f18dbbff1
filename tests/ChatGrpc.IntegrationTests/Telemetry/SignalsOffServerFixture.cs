using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>
/// The gateway as a deployment without exporters runs it: no OTLP endpoint, tracing left to its default, Prometheus
/// turned off, and logging at Information, so that every signal that can be off is.
/// </summary>
public sealed class SignalsOffServerFixture : ChatGrpcServerFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["ChatGrpc:Telemetry:PrometheusEnabled"] = "false",
    };
}
