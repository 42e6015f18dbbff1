using System.Net;
using System.Net.Http.Headers;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// Turns what went wrong with an upstream into the one exception the router and the caller understand. The
/// router retries and fails over on <see cref="ChatErrorKind.UpstreamFailed"/> and <see cref="ChatErrorKind.UpstreamTimeout"/>;
/// a 400, 413 or 422 says the caller's request itself is refused, so it is relayed with the upstream's status,
/// message and code (e.g. <c>context_length_exceeded</c>) and tried nowhere else.
/// </summary>
internal static class UpstreamFailures
{
    // An upstream's own message is shown to callers only for refusals of their request (and a 404 naming the model);
    // others could name keys or hosts. The body's text was scrubbed of secrets when it was read (UpstreamErrorBody.Parse).
    public static ChatCompletionException FromStatus(string upstream, HttpStatusCode status, UpstreamErrorBody body, RetryConditionHeaderValue? retryAfter, TimeSpan? retryAfterMs, DateTimeOffset now)
    {
        var code = (int)status;
        if (code is 400 or 413 or 422)
        {
            return new ChatCompletionException(ChatErrorKind.BadRequest, body.Message ?? $"The upstream refused the request with HTTP {code}.")
            {
                UpstreamStatus = code,
                Code = body.Code,
                Param = body.Param,
            };
        }

        if (code == 404)
        {
            // Another deployment may serve the model, so this is a deployment's failure; when every attempt got a 404,
            // the router relays it (AttemptLog), with the upstream's words.
            return new ChatCompletionException(ChatErrorKind.UpstreamFailed, body.Message ?? $"{upstream} answered HTTP 404.")
            {
                UpstreamStatus = code,
                Code = body.Code,
            };
        }

        return new ChatCompletionException(ChatErrorKind.UpstreamFailed, $"{upstream} answered HTTP {code}.")
        {
            UpstreamStatus = code,
            RetryAfter = retryAfterMs ?? RetryAfter(retryAfter, now),
        };
    }

    public static ChatCompletionException ConnectionFailed(string upstream, Exception exception) =>
        new(ChatErrorKind.UpstreamFailed, $"{upstream} could not be reached or dropped the connection.", exception);

    public static ChatCompletionException Malformed(string upstream, Exception? exception = null) =>
        new(ChatErrorKind.UpstreamFailed, $"{upstream} sent an answer that is not valid JSON.", exception);

    /// <summary>The <see cref="ChatCompletionException.Code"/> of an answer dropped for its size: not retried on the same deployment.</summary>
    public const string AnswerTooLargeCode = "upstream_answer_too_large";

    /// <summary>An answer, or one event of a stream, past its limit: a bad answer, which the same deployment would likely send again.</summary>
    public static ChatCompletionException AnswerTooLarge(string upstream, UpstreamAnswerTooLargeException exception) =>
        new(ChatErrorKind.UpstreamFailed, $"{upstream} sent an answer larger than the gateway reads ({exception.Limit} bytes, {exception.Setting}).", exception)
        {
            Code = AnswerTooLargeCode,
        };

    public static ChatCompletionException StreamEndedEarly(string upstream) =>
        new(ChatErrorKind.UpstreamFailed, $"{upstream} ended its stream before the answer was complete.");

    /// <summary>An error event inside a stream that had started: relayed with the upstream's message and code.</summary>
    public static ChatCompletionException StreamError(string upstream, UpstreamErrorBody body) =>
        new(ChatErrorKind.UpstreamFailed, body.Message is not { } message ? $"{upstream} ended its stream with an error." : $"{upstream} ended its stream with an error: {message}")
        {
            Code = body.Code,
        };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
