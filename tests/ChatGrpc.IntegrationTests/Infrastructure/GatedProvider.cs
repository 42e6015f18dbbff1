using System.Runtime.CompilerServices;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>A provider whose calls all wait at one gate until the test opens it, counting how many are inside.</summary>
public sealed class GatedProvider : IChatCompletionProvider
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;

    public int Inside => Volatile.Read(ref _inside);

    public void Open() => _gate.TrySetResult();

    public async Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inside);
        await _gate.Task.WaitAsync(cancellationToken);
        var completion = new ChatCompletion { Id = "chatcmpl-gated", Created = 1, Model = request.Model, Usage = new Usage { PromptTokens = 1, CompletionTokens = 1, TotalTokens = 2 } };
        completion.Choices.Add(new ChatCompletionChoice { Message = new ChatCompletionMessage { Content = "opened" }, FinishReason = FinishReason.Stop });
        return completion;
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var completion = await CompleteAsync(request, cancellationToken);
        var chunk = new ChatCompletionChunk { Id = completion.Id, Created = 1, Model = request.Model };
        chunk.Choices.Add(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = "opened" }, FinishReason = FinishReason.Stop });
        yield return chunk;
    }
}
