using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Telemetry;

/// <summary>Checks <c>ChatGrpc:Telemetry</c> at start-up, naming the key.</summary>
internal sealed class TelemetryOptionsValidator : OptionsValidator<TelemetryOptions>
{
    public const string TraceIdPlaceholder = "{traceId}";

    protected override void Check(TelemetryOptions options, List<string> problems)
    {
        if (options.TraceUrlTemplate is { Length: > 0 } template
            && (!template.Contains(TraceIdPlaceholder, StringComparison.Ordinal)
                || !Uri.TryCreate(template.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            // The operator's page makes it a link: only a web address, with the place for the trace id.
            problems.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.TraceUrlTemplate)} must be an absolute http or https URL holding {TraceIdPlaceholder} (e.g. http://jaeger:16686/trace/{TraceIdPlaceholder}), or be left out.");
        }
    }
}
