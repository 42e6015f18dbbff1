using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// The one place a call's failure becomes an answer: <see cref="ChatCompletionException"/> as its row of
/// <see cref="ChatErrors"/> says (gRPC status with details, or on transcoded REST routes the HTTP error body), and any
/// other exception as an internal error whose details stay in the log. gRPC's own <see cref="RpcException"/> (a
/// validation failure) passes through.
/// </summary>
internal sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            await RenderAsync(context, exception);
            return default!;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            await RenderAsync(context, exception);
        }
    }

    /// <summary>Answers a REST call in full, or throws the gRPC status.</summary>
    private async Task RenderAsync(ServerCallContext context, Exception exception)
    {
        var failure = exception as ChatCompletionException ?? Unexpected(context, exception);
        var httpContext = context.GetHttpContext();
        if (failure.Kind == ChatErrorKind.ClientClosed && Transports.Of(httpContext) == CallTransport.Rest)
        {
            // Nobody is left to read an answer: end the call quietly.
            TranscodedAnswers.EndUnanswered(context, failure);
            return;
        }

        if (Transports.Of(httpContext) == CallTransport.Rest && !httpContext.Response.HasStarted)
        {
            await TranscodedAnswers.EndWithErrorAsync(context, failure);
            return;
        }

        throw RpcErrors.ToRpcException(failure);
    }

    private ChatCompletionException Unexpected(ServerCallContext context, Exception exception)
    {
        if (exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new ChatCompletionException(ChatErrorKind.ClientClosed, "The client closed the call.", exception);
        }

        ChatGrpcLog.CallFaulted(logger, exception, RequestId.Of(context.GetHttpContext()));
        return new ChatCompletionException(ChatErrorKind.Internal, ChatErrors.InternalMessage, exception);
    }
}
