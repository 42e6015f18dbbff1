using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatGrpc.Server.Telemetry;

/// <summary>Registration of OpenTelemetry: the gateway's own spans and metrics, ASP.NET Core's and HttpClient's, and the exporters configuration asks for.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddChatGrpcTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        services.AddSingleton<GatewayTelemetry>();
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var builder = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.Name)
                // W3C traceparent from REST headers and gRPC metadata (both HTTP headers) becomes the call's parent,
                // and HttpClient passes it on to the upstream.
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (telemetry.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.UseOtlpExporter();
        }

        return services;
    }
}
