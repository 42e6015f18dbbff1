using System.Collections.Concurrent;
using System.Diagnostics;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>The gateway with in-memory OpenTelemetry exporters and every log record kept, and a model that fails.</summary>
public sealed class TelemetryServerFixture : ChatGrpcServerFixture
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _spansEnded = new();

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

    /// <summary>Completes when the gateway's span of the call with this request id has been exported into <see cref="Spans"/>.</summary>
    public Task SpanExportedAsync(string requestId) => SpanEnded(requestId).Task;

    private TaskCompletionSource SpanEnded(string requestId) =>
        _spansEnded.GetOrAdd(requestId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    protected override void ConfigureServices(IServiceCollection services)
    {
        // The signal is added after the exporter, so it runs once the span is in the list.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans).AddProcessor(new SpanEndedSignal(this)));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.AddSingleton(new ModelRoute(FailingServerFixture.FailsAtOnce, new FailingProvider(afterFirstChunk: false, ordinaryException: false)));
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }

    private sealed class SpanEndedSignal(TelemetryServerFixture fixture) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Source.Name == "ChatGrpc" && data.GetTagItem("chatgrpc.request_id") is string requestId)
            {
                fixture.SpanEnded(requestId).TrySetResult();
            }
        }
    }
}
