using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Rest;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// Where a failure of any call, gRPC or transcoded REST, becomes its answer: registered outermost, it sees what the
/// services, the pipeline and the authentication interceptor throw. A <see cref="ChatCompletionException"/> is
/// rendered as it is, anything else after <see cref="UnexpectedFailures"/> translated it; REST calls by
/// <see cref="RestErrorRenderer"/>, gRPC calls (and a REST answer already started) by <see cref="GrpcErrorRenderer"/>.
/// gRPC's own <see cref="RpcException"/> passes through.
/// </summary>
internal sealed class ErrorMappingInterceptor(UnexpectedFailures unexpected) : Interceptor
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

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(requestStream, context);
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

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            await RenderAsync(context, exception);
        }
    }

    /// <summary>Answers a REST call in full, or throws the gRPC status.</summary>
    private async Task RenderAsync(ServerCallContext context, Exception exception)
    {
        var httpContext = context.GetHttpContext();
        var failure = exception as ChatCompletionException
            ?? unexpected.Translate(exception, RequestId.Of(httpContext), context.Deadline == DateTime.MaxValue ? null : context.Deadline, context.CancellationToken);
        if (Transports.Of(httpContext) == CallTransport.Rest && await RestErrorRenderer.TryEndCallAsync(context, failure))
        {
            return;
        }

        throw GrpcErrorRenderer.Render(httpContext, failure);
    }
}
