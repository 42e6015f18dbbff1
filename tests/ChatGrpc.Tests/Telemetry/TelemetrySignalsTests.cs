using ChatGrpc.Server.Telemetry;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.Telemetry;

public sealed class TelemetrySignalsTests
{
    /// <summary>Signals for the settings given; a null one is left out, as an unset variable is.</summary>
    private static TelemetrySignals From(string? otlpEndpoint = null, string? tracingEnabled = null, string? prometheusEnabled = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
            ["ChatGrpc:Telemetry:TracingEnabled"] = tracingEnabled,
            ["ChatGrpc:Telemetry:PrometheusEnabled"] = prometheusEnabled,
        };
        return TelemetrySignals.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Where(setting => setting.Value is not null)).Build());
    }

    [Fact]
    public void Defaults_CollectMetricsForPrometheus_AndNoSpans() =>
        Assert.Equal(new TelemetrySignals(Tracing: false, Prometheus: true, Otlp: false), From());

    [Fact]
    public void PrometheusOff_WithoutOtlp_CollectsNothing()
    {
        var signals = From(prometheusEnabled: "false");

        Assert.False(signals.Tracing);
        Assert.False(signals.Metrics);
    }

    [Fact]
    public void OtlpEndpoint_TurnsOnSpansAndMetrics_EvenWithPrometheusOff()
    {
        var signals = From(otlpEndpoint: "http://collector:4317", prometheusEnabled: "false");

        Assert.Equal(new TelemetrySignals(Tracing: true, Prometheus: false, Otlp: true), signals);
        Assert.True(signals.Metrics);
    }

    [Theory]
    [InlineData(null, "false", false)]
    [InlineData("http://collector:4317", "false", false)]
    [InlineData(null, "true", true)]
    public void TracingEnabled_WhenSet_WinsOverTheOtlpEndpoint(string? otlpEndpoint, string tracingEnabled, bool tracing) =>
        Assert.Equal(tracing, From(otlpEndpoint, tracingEnabled).Tracing);
}
