namespace ChatGrpc.Server.Telemetry;

/// <summary>
/// Which signals the gateway collects: only those that go somewhere, because collecting costs every call (about 2 KB
/// and an activity per span source with tracing, a histogram update per instrument with metrics) even when nothing reads
/// the result.
/// </summary>
/// <param name="Tracing">Spans: the gateway's, ASP.NET Core's and HttpClient's.</param>
/// <param name="Prometheus">Serve the metrics at <c>GET /metrics</c>.</param>
/// <param name="Otlp">Export over OTLP what is collected, and logs.</param>
internal readonly record struct TelemetrySignals(bool Tracing, bool Prometheus, bool Otlp)
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TelemetrySignals From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrEmpty(configuration[OtlpEndpointVariable]);
        return new TelemetrySignals(Tracing: options.TracingEnabled ?? otlp, Prometheus: options.PrometheusEnabled, Otlp: otlp);
    }

    /// <summary>The gateway's instruments and ASP.NET Core's and HttpClient's, collected for Prometheus or OTLP.</summary>
    public bool Metrics => Prometheus || Otlp;
}
