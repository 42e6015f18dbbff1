using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.Routing;

/// <summary>A provider that is never called: for routes whose name is all a test needs.</summary>
public sealed class NeverCalledProvider : IChatCompletionProvider
{
    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}
