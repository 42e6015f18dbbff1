using System.Diagnostics;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>The gateway with in-memory OpenTelemetry exporters and every log record kept, and a model that fails.</summary>
public sealed class TelemetryServerFixture : ChatGrpcServerFixture
{
    public List<Activity> Spans { get; } = [];

    public List<Metric> Metrics { get; } = [];

    public FakeLogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        // With no OTLP endpoint, spans are recorded only when asked for; the in-memory exporter below reads them.
        ["ChatGrpc:Telemetry:TracingEnabled"] = "true",
    };

    /// <summary>Exports what the meters hold now into <see cref="Metrics"/>.</summary>
    public void FlushMetrics()
    {
        lock (Metrics)
        {
            Metrics.Clear();
            Services.GetRequiredService<MeterProvider>().ForceFlush();
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.AddSingleton(new ModelRoute(FailingServerFixture.FailsAtOnce, new FailingProvider(afterFirstChunk: false, ordinaryException: false)));
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }
}
