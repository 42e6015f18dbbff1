using Grpc.Core;

namespace ChatGrpc.Server.Errors;

/// <summary>The one table of error kinds: every transport reads its statuses and OpenAI names from here.</summary>
internal static class ChatErrors
{
    private static readonly ChatErrorDescriptor[] s_table =
    [
        new(ChatErrorKind.BadRequest, StatusCode.InvalidArgument, StatusCodes.Status400BadRequest, "invalid_request_error", "bad_request"),
        new(ChatErrorKind.Unauthenticated, StatusCode.Unauthenticated, StatusCodes.Status401Unauthorized, "authentication_error", "unauthenticated"),
        new(ChatErrorKind.PermissionDenied, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, "permission_error", "model_not_allowed"),
        new(ChatErrorKind.NotFound, StatusCode.NotFound, StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found"),
        new(ChatErrorKind.MethodNotAllowed, StatusCode.Unimplemented, StatusCodes.Status405MethodNotAllowed, "invalid_request_error", "method_not_allowed"),
        new(ChatErrorKind.RequestTooLarge, StatusCode.ResourceExhausted, StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large"),
        new(ChatErrorKind.ValidationFailed, StatusCode.InvalidArgument, StatusCodes.Status422UnprocessableEntity, "invalid_request_error", "validation_error"),
        new(ChatErrorKind.RateLimited, StatusCode.ResourceExhausted, StatusCodes.Status429TooManyRequests, "rate_limit_error", "rate_limit_exceeded"),
        new(ChatErrorKind.ClientClosed, StatusCode.Cancelled, StatusCodes.Status499ClientClosedRequest, "client_closed_request", "client_closed_request"),
        new(ChatErrorKind.Internal, StatusCode.Internal, StatusCodes.Status500InternalServerError, "server_error", "internal_error"),
        new(ChatErrorKind.UpstreamFailed, StatusCode.Unavailable, StatusCodes.Status502BadGateway, "upstream_error", "upstream_failed"),
        new(ChatErrorKind.Unavailable, StatusCode.Unavailable, StatusCodes.Status503ServiceUnavailable, "server_error", "service_unavailable"),
        new(ChatErrorKind.UpstreamTimeout, StatusCode.DeadlineExceeded, StatusCodes.Status504GatewayTimeout, "timeout_error", "upstream_timeout"),
        new(ChatErrorKind.UnreadableMessage, StatusCode.Internal, StatusCodes.Status400BadRequest, "invalid_request_error", "unreadable_message"),
        new(ChatErrorKind.RequestTimeout, StatusCode.DeadlineExceeded, StatusCodes.Status408RequestTimeout, "invalid_request_error", "request_timeout"),
        new(ChatErrorKind.BudgetExhausted, StatusCode.ResourceExhausted, StatusCodes.Status429TooManyRequests, "insufficient_quota", "insufficient_quota"),
    ];

    /// <summary>Every kind, in declaration order (the README's error table is checked against it).</summary>
    public static IReadOnlyList<ChatErrorDescriptor> All => s_table;

    public static ChatErrorDescriptor Describe(ChatErrorKind kind) => s_table[(int)kind];

    /// <summary>
    /// The kind of an HTTP error status nothing of the gateway's own rendered (routing's, transcoding's, Kestrel's): the
    /// first row with that status, or <see cref="ChatErrorKind.Internal"/>. Null for a status below 400.
    /// </summary>
    public static ChatErrorKind? KindOfHttpStatus(int status) =>
        status < 400 ? null : Array.Find(s_table, row => row.HttpStatus == status)?.Kind ?? ChatErrorKind.Internal;

    /// <summary>
    /// The kind of a gRPC status nothing of the gateway's own rendered (grpc-dotnet's): the first row with that status,
    /// or <see cref="ChatErrorKind.Internal"/>. Null for <c>OK</c>.
    /// </summary>
    public static ChatErrorKind? KindOfGrpcStatus(StatusCode status) =>
        status == StatusCode.OK ? null : Array.Find(s_table, row => row.GrpcStatus == status)?.Kind ?? ChatErrorKind.Internal;

    /// <summary>The message shown for <see cref="ChatErrorKind.Internal"/>: nothing of the fault itself reaches the caller.</summary>
    public const string InternalMessage = "The gateway failed to answer. The failure is logged under this call's request id.";

    /// <summary>The message of <see cref="ChatErrorKind.ValidationFailed"/>: the problems themselves travel beside it.</summary>
    public const string InvalidRequestMessage = "The request is not valid; see the field violations.";
}
