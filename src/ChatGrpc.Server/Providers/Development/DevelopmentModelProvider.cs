using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>The embedded deterministic development model. (Stub: being written.)</summary>
public sealed class DevelopmentModelProvider : IChatCompletionProvider
{
    public const string ModelId = "chatgrpc-dev";

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();

    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
}
