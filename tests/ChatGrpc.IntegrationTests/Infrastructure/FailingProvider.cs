using System.Runtime.CompilerServices;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>A provider that fails: at once, or after its first chunk, as an upstream that drops mid-answer.</summary>
public sealed class FailingProvider(bool afterFirstChunk) : IChatCompletionProvider
{
    public const string Message = "The upstream stopped answering.";

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) =>
        throw new ChatCompletionException(ChatErrorKind.UpstreamFailed, Message);

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (afterFirstChunk)
        {
            var first = new ChatCompletionChunk { Id = "chatcmpl-failing", Created = 1, Model = request.Model };
            first.Choices.Add(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Role = ChatRole.Assistant, Content = string.Empty } });
            yield return first;
        }

        throw new ChatCompletionException(ChatErrorKind.UpstreamFailed, Message);
    }
}
