using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Fidelity;

/// <summary>
/// A provider that keeps a copy of every request it is handed and answers with a small fixed completion, or a
/// fixed stream (role and text, then the finish reason, then usage when asked for), so that what reaches a
/// provider can be compared with what a client sent.
/// </summary>
public sealed class RecordingProvider : IChatCompletionProvider
{
    public const string Reply = "recorded";

    private const string CompletionId = "chatcmpl-recorded";
    private const long Created = 1_700_000_000;

    private readonly ConcurrentQueue<CreateChatCompletionRequest> _received = new();

    /// <summary>The requests received since the last <see cref="Clear"/>, oldest first.</summary>
    public IReadOnlyList<CreateChatCompletionRequest> Received => [.. _received];

    public void Clear() => _received.Clear();

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _received.Enqueue(request.Clone());
        return Task.FromResult(new ChatCompletion
        {
            Id = CompletionId,
            Created = Created,
            Model = request.Model,
            Choices =
            {
                new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = Reply }, FinishReason = FinishReason.Stop },
            },
            Usage = Usage(),
        });
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _received.Enqueue(request.Clone());
        await Task.Yield();
        yield return Chunk(request, new ChatCompletionChunkChoice { Index = 0, Delta = new ChatCompletionDelta { Role = ChatRole.Assistant, Content = Reply } });
        yield return Chunk(request, new ChatCompletionChunkChoice { Index = 0, Delta = new ChatCompletionDelta(), FinishReason = FinishReason.Stop });
        if (request.StreamOptions?.IncludeUsage == true)
        {
            var usageChunk = Chunk(request, null);
            usageChunk.Usage = Usage();
            yield return usageChunk;
        }
    }

    private static ChatCompletionChunk Chunk(CreateChatCompletionRequest request, ChatCompletionChunkChoice? choice)
    {
        var chunk = new ChatCompletionChunk { Id = CompletionId, Created = Created, Model = request.Model };
        if (choice is not null)
        {
            chunk.Choices.Add(choice);
        }

        return chunk;
    }

    private static Usage Usage() => new() { PromptTokens = 3, CompletionTokens = 1, TotalTokens = 4 };
}
