using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Telemetry;

/// <summary>Checks <c>ChatGrpc:Telemetry</c> at start-up, naming the key.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public const string TraceIdPlaceholder = "{traceId}";

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.TraceUrlTemplate is { Length: > 0 } template
            && (!template.Contains(TraceIdPlaceholder, StringComparison.Ordinal)
                || !Uri.TryCreate(template.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            // The operator's page makes it a link: only a web address, with the place for the trace id.
            problems.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.TraceUrlTemplate)} must be an absolute http or https URL holding {TraceIdPlaceholder} (e.g. http://jaeger:16686/trace/{TraceIdPlaceholder}), or be left out.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
