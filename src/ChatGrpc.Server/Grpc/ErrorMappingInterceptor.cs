using ChatGrpc.Server.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatGrpc.Server.Grpc;

/// <summary>Turns the gateway's own failures into gRPC statuses, so services can simply throw them.</summary>
public sealed class ErrorMappingInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (ChatCompletionException exception)
        {
            throw new RpcException(new Status(ChatErrors.Describe(exception.Kind).GrpcStatus, exception.Message));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (ChatCompletionException exception)
        {
            throw new RpcException(new Status(ChatErrors.Describe(exception.Kind).GrpcStatus, exception.Message));
        }
    }
}
