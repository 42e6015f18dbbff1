using ChatGrpc.Server.Telemetry;

namespace ChatGrpc.Tests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://jaeger:16686/trace/{traceId}")]
    [InlineData("https://grafana.example.com/explore?traceId={traceId}")]
    public void TraceUrlTemplate_UnsetOrAWebAddressWithTheTraceId_IsAccepted(string? template) =>
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { TraceUrlTemplate = template }).Succeeded);

    [Theory]
    [InlineData("http://jaeger:16686/trace/")]
    [InlineData("javascript:alert('{traceId}')")]
    [InlineData("/trace/{traceId}")]
    public void TraceUrlTemplate_WithoutTheTraceIdOrNotAWebAddress_IsRefusedByName(string template)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { TraceUrlTemplate = template });

        Assert.StartsWith("ChatGrpc:Telemetry:TraceUrlTemplate must be", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
