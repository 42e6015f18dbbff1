using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>The typed gRPC surface: validate, route, answer.</summary>
public sealed class ChatGrpcService(ChatRequestValidator validator, ModelRouter router) : ChatService.ChatServiceBase
{
    public override Task<ChatCompletion> CreateChatCompletion(CreateChatCompletionRequest request, ServerCallContext context)
    {
        // The RPC decides whether the answer streams, whatever the request's own flag says.
        request.Stream = false;
        validator.ThrowIfInvalid(request);
        return router.CompleteAsync(new Completions.CallContext("", "", Completions.CallTransport.Grpc, context.CancellationToken), request);
    }

    public override async Task StreamChatCompletion(CreateChatCompletionRequest request, IServerStreamWriter<ChatCompletionChunk> responseStream, ServerCallContext context)
    {
        request.Stream = true;
        validator.ThrowIfInvalid(request);
        await foreach (var chunk in router.StreamAsync(new Completions.CallContext("", "", Completions.CallTransport.Grpc, context.CancellationToken), request))
        {
            await responseStream.WriteAsync(chunk, context.CancellationToken);
        }
    }
}
