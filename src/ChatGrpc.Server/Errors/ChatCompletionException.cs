using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.Errors;

/// <summary>
/// A failure the gateway reports to its caller, as the kind's row of <see cref="ChatErrors"/> says: every failure,
/// wherever it starts, becomes one, and the REST and gRPC error renderers write it. The message is shown to clients
/// as it is, so it must never carry a secret, a prompt or a stack trace.
/// </summary>
internal sealed class ChatCompletionException : Exception
{
    public ChatCompletionException(ChatErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ChatErrorKind Kind { get; }

    /// <summary>A request that failed validation: <see cref="ChatErrorKind.ValidationFailed"/> carrying its problems, in order.</summary>
    public static ChatCompletionException Invalid(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return new ChatCompletionException(ChatErrorKind.ValidationFailed, ChatErrors.InvalidRequestMessage) { Problems = problems };
    }

    /// <summary>
    /// The problems of a <see cref="ChatErrorKind.ValidationFailed"/> request, in order: FastAPI's 422 <c>detail</c> list
    /// on REST, <c>BadRequest</c> field violations on gRPC. Null for every other failure.
    /// </summary>
    public IReadOnlyList<ValidationProblem>? Problems { get; private init; }

    /// <summary>The request field the error is about (OpenAI's <c>param</c>), as a dotted location.</summary>
    public string? Param { get; init; }

    /// <summary>A more specific OpenAI <c>code</c> than the kind's own (for example an upstream's <c>context_length_exceeded</c>).</summary>
    public string? Code { get; init; }

    /// <summary>When the caller may try again (HTTP <c>Retry-After</c>, gRPC <c>RetryInfo</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// The HTTP status an upstream answered with, when its refusal is relayed to the caller as it is (a 400 for a
    /// prompt too long for the model, say) instead of as the kind's own status.
    /// </summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>
    /// The HTTP <c>WWW-Authenticate</c> challenge of an <see cref="ChatErrorKind.Unauthenticated"/> answer (Basic, so a
    /// browser prompts, or Bearer for a refused API key). gRPC has no challenge.
    /// </summary>
    public string? Challenge { get; init; }

    /// <summary>The quota a <see cref="ChatErrorKind.RateLimited"/> call was refused by (gRPC <c>QuotaFailure</c>).</summary>
    public QuotaViolation? Quota { get; init; }
}

/// <summary>A quota that refused a call: whose (<c>user:alice</c>), and which (<c>50 requests per minute</c>).</summary>
internal sealed record QuotaViolation(string Subject, string Description);
