using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers;

/// <summary>
/// A backend that produces chat completions: the embedded development model, or an upstream.
/// Requests reach a provider already validated; a provider reports its own failures as
/// <see cref="Errors.ChatCompletionException"/>.
/// </summary>
internal interface IChatCompletionProvider
{
    /// <summary>Produces the whole answer at once.</summary>
    Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Produces the answer chunk by chunk, as OpenAI streams it: the first delta of each choice carries
    /// the role, the last one its finish reason, and with <c>stream_options.include_usage</c> a final
    /// chunk with no choices carries the usage. Every chunk has the same id and created time.
    /// </summary>
    IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken);
}
