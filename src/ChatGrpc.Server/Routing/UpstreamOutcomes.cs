using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Routing;

/// <summary>What the router does after a deployment failed: retry it, move on, or relay the failure to the caller.</summary>
internal static class UpstreamOutcomes
{
    /// <summary>
    /// Worth trying the same deployment again: a lost connection, a 408, 409, 429 or 5xx. Timeouts are not:
    /// a deployment too slow once is likely slow again, so the next one is tried instead.
    /// </summary>
    /// An answer too large to read is not retried either: the same deployment would send it again.
    public static bool IsRetryable(Exception? exception) =>
        exception is ChatCompletionException { Kind: ChatErrorKind.UpstreamFailed or ChatErrorKind.Unavailable or ChatErrorKind.RateLimited, Code: not (AttemptLog.AtCapacityCode or Providers.Http.UpstreamFailures.AnswerTooLargeCode) } failure
        && failure.UpstreamStatus is null or 408 or 409 or 429 or >= 500;

    /// <summary>
    /// The deployment failed but another may answer: every upstream failure, timeouts and refusals of the gateway's
    /// own credentials (401, 403, 404) included. Anything else (a 400 for the caller's request) is the caller's answer.
    /// </summary>
    public static bool IsDeploymentFailure(Exception? exception) =>
        exception is ChatCompletionException { Kind: ChatErrorKind.UpstreamFailed or ChatErrorKind.UpstreamTimeout or ChatErrorKind.Unavailable or ChatErrorKind.RateLimited };
}
