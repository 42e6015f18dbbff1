namespace ChatGrpc.Server.Routing;

/// <summary>The router's log events, source-generated. Deployments are named by label (provider/model); never a key, URL query or prompt.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Model {Model}: dropped the field {Field}, which its deployments cannot honour (UnsupportedFields=Drop).")]
    public static partial void FieldDropped(ILogger logger, string model, string field);

    // Only a count: the names are the caller's text, and a log line's size must not be the caller's choice.
    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Model {Model}: dropped {Count} request fields outside OpenAI's schema (ExtraFields=Drop).")]
    public static partial void ExtraFieldsDropped(ILogger logger, string model, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Deployment {Deployment} failed ({Kind}, upstream status {Status}) after {ElapsedMs} ms; trying the next.")]
    public static partial void DeploymentFailed(ILogger logger, string deployment, Errors.ChatErrorKind kind, int? status, long elapsedMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Circuit of deployment {Deployment} opened for {BreakDuration}.")]
    public static partial void BreakerOpened(ILogger logger, string deployment, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Circuit of deployment {Deployment} closed.")]
    public static partial void BreakerClosed(ILogger logger, string deployment);

    // The names are the operator's own (configuration and code), never a caller's, so the line is bounded by configuration.
    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Routing {ModelCount} models over {DeploymentCount} deployments; serving: {Models}.")]
    public static partial void Built(ILogger logger, int modelCount, int deploymentCount, string models);
}
