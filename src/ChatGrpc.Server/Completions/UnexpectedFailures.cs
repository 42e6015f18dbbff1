using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;

namespace ChatGrpc.Server.Completions;

/// <summary>
/// The one translation of an exception that is not already a <see cref="ChatCompletionException"/>: a cancellation
/// becomes what ended the call (shutdown, the deadline, the client leaving), anything else an internal error whose
/// details stay in the log. The pipeline translates what escapes its steps; the gRPC error interceptor what escapes
/// the adapters around it.
/// </summary>
internal sealed class UnexpectedFailures(ShutdownCoordinator shutdown, TimeProvider timeProvider, ILogger<UnexpectedFailures> logger)
{
    /// <param name="exception">What was thrown.</param>
    /// <param name="requestId">The call's request id, for the log.</param>
    /// <param name="deadline">The caller's deadline in UTC, or null.</param>
    /// <param name="callEnded">The call's token: cancelled when the caller left, its deadline passed or the server cut it.</param>
    public ChatCompletionException Translate(Exception exception, string requestId, DateTime? deadline, CancellationToken callEnded)
    {
        if (exception is OperationCanceledException && callEnded.IsCancellationRequested)
        {
            if (shutdown.CallsCut.IsCancellationRequested)
            {
                ChatGrpcLog.CallCutByShutdown(logger, requestId);
                return new ChatCompletionException(ChatErrorKind.Unavailable, "The server is shutting down; send the request again.", exception)
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                };
            }

            if (deadline is { } due && timeProvider.GetUtcNow().UtcDateTime >= due)
            {
                ChatGrpcLog.CallPastDeadline(logger, requestId);
                return new ChatCompletionException(ChatErrorKind.UpstreamTimeout, "The call's deadline passed before the answer was complete.", exception);
            }

            ChatGrpcLog.ClientWentAway(logger, requestId);
            return new ChatCompletionException(ChatErrorKind.ClientClosed, "The client closed the call.", exception);
        }

        // A fault of ours or an upstream's that nothing named: the details stay in the log, never in the answer.
        ChatGrpcLog.CallFaulted(logger, exception, requestId);
        return new ChatCompletionException(ChatErrorKind.Internal, ChatErrors.InternalMessage, exception);
    }
}
