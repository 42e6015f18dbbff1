using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Logging;

/// <summary>The gateway's log events, source-generated. Never log a prompt, a password or a key.</summary>
internal static partial class ChatGrpcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Call {RequestId}: the stream failed after it had started: {Kind}.")]
    public static partial void StreamFailed(ILogger logger, string requestId, ChatErrorKind kind);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Call {RequestId}: the client went away before the answer was complete.")]
    public static partial void ClientWentAway(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Call {RequestId}: its deadline passed before the answer was complete.")]
    public static partial void CallPastDeadline(ILogger logger, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Call {RequestId}: cut by shutdown before the answer was complete.")]
    public static partial void CallCutByShutdown(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Call {RequestId} failed unexpectedly; the client was told of an internal error.")]
    public static partial void CallFaulted(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Call {RequestId}: the provider's stream failed while being released.")]
    public static partial void StreamDisposalFailed(ILogger logger, Exception exception, string requestId);

    // Event 7 was CallFailed, written by nothing (each failure is logged by CallEnded's outcome): not to be reused.

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Call {RequestId}: the request body did not arrive within {ReadTimeout}; the connection was closed.")]
    public static partial void RequestBodyTimedOut(ILogger logger, string requestId, TimeSpan readTimeout);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "No users are configured ({Setting} is empty) in the {Environment} environment: every call will be refused with 401 until users are added.")]
    public static partial void NoUsersConfigured(ILogger logger, string environment, string setting);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Call {RequestId} over {Transport} by {User} for {Model} via {Deployment}: {Outcome} (HTTP {Status}) in {DurationMs:F1} ms, overhead {OverheadMs:F3} ms, tokens {InputTokens} in / {OutputTokens} out.")]
    public static partial void CallEnded(ILogger logger, string requestId, CallTransport transport, string? user, string? model, string? deployment, string outcome, int status, double durationMs, double overheadMs, long? inputTokens, long? outputTokens);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Call {RequestId} over {Transport} by {User}: {Outcome} (HTTP {Status}) in {DurationMs:F1} ms.")]
    public static partial void CallWithoutModelEnded(ILogger logger, string requestId, CallTransport transport, string? user, string outcome, int status, double durationMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Call {RequestId} over {Transport} refused before authentication: {Outcome} (HTTP {Status}) in {DurationMs:F1} ms.")]
    public static partial void UnauthenticatedCallEnded(ILogger logger, string requestId, CallTransport transport, string outcome, int status, double durationMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Call {RequestId}: the client read nothing for {Timeout}; its connection was closed and the call cancelled.")]
    public static partial void StalledClientCut(ILogger logger, string requestId, TimeSpan timeout);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Connection budget: {MaxConnections} connections, REST and gRPC together (open-file limit {FileLimit}).")]
    public static partial void ConnectionBudgetSet(ILogger logger, int maxConnections, string fileLimit);

    // One line per interval, whatever the number of connections refused in it: a flood must not write the log.
    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Refused {Count} connections in the last {Interval}: the connection budget of {MaxConnections} was full.")]
    public static partial void ConnectionsRefused(ILogger logger, long count, TimeSpan interval, int maxConnections);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Left out {Count} log records in the last {Interval} (more than ChatGrpc:Logging:RecordsPerInterval of a kind): {Kinds}.")]
    public static partial void LogRecordsSuppressed(ILogger logger, long count, TimeSpan interval, string kinds);
}
