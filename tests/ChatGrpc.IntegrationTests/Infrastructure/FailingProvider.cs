using System.Runtime.CompilerServices;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// A provider that fails: at once, or after its first chunk, as an upstream that drops mid-answer; with the gateway's
/// own error, or with an ordinary exception, as a provider's bug or an unexpected library failure would.
/// </summary>
public sealed class FailingProvider(bool afterFirstChunk, bool ordinaryException) : IChatCompletionProvider
{
    public const string Message = "The upstream stopped answering.";

    /// <summary>What an ordinary exception says: it must never reach a client.</summary>
    public const string SecretMessage = "connection string Password=hunter2 rejected";

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) =>
        throw Failure();

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (afterFirstChunk)
        {
            var first = new ChatCompletionChunk { Id = "chatcmpl-failing", Created = 1, Model = request.Model };
            first.Choices.Add(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Role = ChatRole.Assistant, Content = string.Empty } });
            yield return first;
        }

        throw Failure();
    }

    private Exception Failure() => ordinaryException
        ? new InvalidOperationException(SecretMessage)
        : new ChatCompletionException(ChatErrorKind.UpstreamFailed, Message);
}
