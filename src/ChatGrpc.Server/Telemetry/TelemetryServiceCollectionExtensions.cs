using ChatGrpc.Server.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatGrpc.Server.Telemetry;

/// <summary>Registration of OpenTelemetry: the gateway's own spans and metrics, ASP.NET Core's and HttpClient's, and the exporters configuration asks for.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the signals <see cref="TelemetrySignals.From"/> finds going somewhere, and nothing of OpenTelemetry when
    /// none does. Call it once the configuration is complete: it reads the configuration now, not when a call comes.
    /// </summary>
    public static IServiceCollection AddChatGrpcTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName);
        services.AddSingleton<GatewayTelemetry>();

        // OpenTelemetry's providers are registered now, before there is a container to ask for the options: which
        // signals go somewhere is read here, from the same section by the same binder, once.
        var signals = TelemetrySignals.From(configuration);
        if (!signals.Tracing && !signals.Metrics)
        {
            return services;
        }

        var builder = services.AddOpenTelemetry();
        if (signals.Tracing)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.Name)
                // W3C traceparent from REST headers and gRPC metadata (both HTTP headers) becomes the call's parent,
                // and HttpClient passes it on to the upstream.
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        }

        if (signals.Metrics)
        {
            builder.WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (signals.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (signals.Otlp)
        {
            // Turns on every signal's provider, but one with no source or meter added above collects nothing, so a
            // signal left off costs no call anything.
            builder.UseOtlpExporter();
        }

        return services;
    }
}
