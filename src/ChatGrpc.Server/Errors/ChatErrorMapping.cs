using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Server.Errors;

/// <summary>The one mapping from <see cref="ChatErrorKind"/> to gRPC and HTTP statuses.</summary>
public static class ChatErrorMapping
{
    public static StatusCode ToGrpcStatus(ChatErrorKind kind) => kind switch
    {
        ChatErrorKind.InvalidRequest => StatusCode.InvalidArgument,
        ChatErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ChatErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ChatErrorKind.ModelNotFound => StatusCode.NotFound,
        ChatErrorKind.RateLimited => StatusCode.ResourceExhausted,
        ChatErrorKind.RequestTooLarge => StatusCode.ResourceExhausted,
        ChatErrorKind.ProviderFailed => StatusCode.Unavailable,
        ChatErrorKind.ProviderTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };

    public static int ToHttpStatus(ChatErrorKind kind) => kind switch
    {
        ChatErrorKind.InvalidRequest => StatusCodes.Status422UnprocessableEntity,
        ChatErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ChatErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
        ChatErrorKind.ModelNotFound => StatusCodes.Status404NotFound,
        ChatErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ChatErrorKind.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        ChatErrorKind.ProviderFailed => StatusCodes.Status502BadGateway,
        ChatErrorKind.ProviderTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static RpcException ToRpcException(ChatCompletionException exception) =>
        new(new Status(ToGrpcStatus(exception.Kind), exception.Message));
}
