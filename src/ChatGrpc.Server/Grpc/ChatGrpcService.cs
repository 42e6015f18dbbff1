using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>The typed gRPC surface, an adapter: validate, call the pipeline, return what it answers.</summary>
internal sealed class ChatGrpcService(ChatRequestValidator validator, ChatCompletionPipeline pipeline, CallContextFactory calls) : ChatService.ChatServiceBase
{
    public override async Task<ChatCompletion> CreateChatCompletion(CreateChatCompletionRequest request, ServerCallContext context)
    {
        // The RPC decides whether the answer streams, whatever the request's own flag says; set before validation,
        // because stream_options is only valid on a stream.
        request.Stream = false;
        ThrowIfInvalid(request);
        using var scope = calls.Create(context);
        var completion = await pipeline.CompleteAsync(scope.Call, request);
        CallContextFactory.AddTrailers(context, scope.Call);
        return completion;
    }

    public override async Task StreamChatCompletion(CreateChatCompletionRequest request, IServerStreamWriter<ChatCompletionChunk> responseStream, ServerCallContext context)
    {
        request.Stream = true;
        ThrowIfInvalid(request);
        using var scope = calls.Create(context);
        var call = scope.Call;
        await foreach (var chunk in pipeline.StreamAsync(call, request).WithCancellation(call.CancellationToken))
        {
            await responseStream.WriteAsync(chunk, call.CancellationToken);
        }

        CallContextFactory.AddTrailers(context, call);
    }

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        using var scope = calls.Create(context);
        return Task.FromResult(pipeline.ListModels(scope.Call));
    }

    public override Task<Model> GetModel(GetModelRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = calls.Create(context);
        return Task.FromResult(pipeline.GetModel(scope.Call, request.Model));
    }

    /// <exception cref="ChatCompletionException"><see cref="ChatErrorKind.ValidationFailed"/> with the problems.</exception>
    private void ThrowIfInvalid(CreateChatCompletionRequest request)
    {
        if (validator.ProblemsOf(request) is { Count: > 0 } problems)
        {
            throw ChatCompletionException.Invalid(problems);
        }
    }
}
