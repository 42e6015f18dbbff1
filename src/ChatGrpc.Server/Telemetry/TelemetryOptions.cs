namespace ChatGrpc.Server.Telemetry;

/// <summary>Settings of the gateway's telemetry, bound from <c>ChatGrpc:Telemetry</c>. OTLP export is configured by OpenTelemetry's standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, ...).</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "ChatGrpc:Telemetry";

    /// <summary>
    /// Record spans. Unset: when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the only place this process sends them;
    /// <c>false</c>: not even then (metrics and logs still go over OTLP); <c>true</c>: always, for an exporter added in
    /// code (tests, a host embedding the gateway).
    /// </summary>
    public bool? TracingEnabled { get; set; }

    /// <summary>Serve Prometheus's scrape endpoint, <c>GET /metrics</c>, on the REST endpoint.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>Let <c>GET /metrics</c> be scraped without credentials (it shows user names and models, so by default it needs them).</summary>
    public bool PrometheusAllowAnonymous { get; set; }

    /// <summary>
    /// Where a call's trace can be seen, with <c>{traceId}</c> for its trace id (a Jaeger or Grafana URL): the operator's
    /// page links each recent call's request id there. Unset: no links.
    /// </summary>
    public string? TraceUrlTemplate { get; set; }
}
