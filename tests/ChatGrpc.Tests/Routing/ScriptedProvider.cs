using System.Runtime.CompilerServices;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.Routing;

/// <summary>A provider that answers, or fails with a given error, as the test says, and counts its calls.</summary>
internal sealed class ScriptedProvider(string name) : IChatCompletionProvider
{
    public int Calls { get; private set; }

    /// <summary>Thrown before anything is answered; null: answer.</summary>
    public Func<ChatCompletionException?> Failure { get; set; } = static () => null;

    /// <summary>Thrown by a stream after this many chunks; null: the stream completes.</summary>
    public int? FailAfterChunks { get; set; }

    public List<CreateChatCompletionRequest> Received { get; } = [];

    /// <summary>Ends a stream whose usage was asked for with a usage chunk of its own, as OpenAI's API does.</summary>
    public bool ReportsUsage { get; set; }

    /// <summary>The usage this provider reports.</summary>
    public static Usage Usage => new() { PromptTokens = 1, CompletionTokens = 2, TotalTokens = 3 };

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        Received.Add(request.Clone());
        if (Failure() is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(new ChatCompletion
        {
            Id = "chatcmpl-" + name,
            Model = name,
            Choices = { new ChatCompletionChoice { Message = new ChatCompletionMessage { Content = "from " + name }, FinishReason = FinishReason.Stop } },
            Usage = Usage,
        });
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Calls++;
        Received.Add(request.Clone());
        await Task.Yield();
        if (Failure() is { } failure)
        {
            throw failure;
        }

        string[] pieces = ["from ", name];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (FailAfterChunks == i)
            {
                throw new ChatCompletionException(ChatErrorKind.UpstreamFailed, name + " died mid-stream.");
            }

            yield return new ChatCompletionChunk
            {
                Id = "chatcmpl-" + name,
                Model = name,
                Choices = { new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = pieces[i] } } },
            };
        }

        yield return new ChatCompletionChunk { Id = "chatcmpl-" + name, Model = name, Choices = { new ChatCompletionChunkChoice { Delta = new(), FinishReason = FinishReason.Stop } } };
        if (ReportsUsage && request.StreamOptions is { IncludeUsage: true })
        {
            yield return new ChatCompletionChunk { Id = "chatcmpl-" + name, Model = name, Usage = Usage };
        }
    }
}
