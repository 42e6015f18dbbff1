using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatGrpc.Server.Providers.Http;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>
/// One deployment on Anthropic's Messages API, translated both ways (<see cref="AnthropicRequestWriter"/>,
/// <see cref="AnthropicResponseReader"/>, <see cref="AnthropicStreamTranslator"/>), over the same HTTP and SSE core
/// as the OpenAI-compatible provider.
/// </summary>
internal sealed class AnthropicProvider(HttpMessageInvoker client, UpstreamEndpoint endpoint, string upstreamModel, TimeProvider timeProvider) : IChatCompletionProvider
{
    public async Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = endpoint.CreateRequest(UpstreamRequestBody.Write(w => AnthropicRequestWriter.Write(w, request, upstreamModel, stream: false)), stream: false);
        using var response = await UpstreamHttp.SendAsync(client, endpoint, message, timeProvider, cancellationToken).ConfigureAwait(false);
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return await UpstreamAnswer.ReadAsync(response, endpoint, json => AnthropicResponseReader.Read(json, created), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = endpoint.CreateRequest(UpstreamRequestBody.Write(w => AnthropicRequestWriter.Write(w, request, upstreamModel, stream: true)), stream: true);
        using var response = await UpstreamHttp.SendAsync(client, endpoint, message, timeProvider, cancellationToken).ConfigureAwait(false);
        var pipe = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var translator = new AnthropicStreamTranslator(endpoint.Name, endpoint.Scrubber, timeProvider.GetUtcNow().ToUnixTimeSeconds(), request.StreamOptions is { IncludeUsage: true });
        try
        {
            var events = new ServerSentEventReader(pipe, endpoint.ReadLimits.MaxEventBytes);
            while (!translator.Stopped && await UpstreamEvents.ReadAsync(events, endpoint.Name, cancellationToken).ConfigureAwait(false))
            {
                if (Translate(translator, events.Data) is { } chunk)
                {
                    yield return chunk;
                }
            }

            if (!translator.Stopped)
            {
                throw UpstreamFailures.StreamEndedEarly(endpoint.Name);
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private ChatCompletionChunk? Translate(AnthropicStreamTranslator translator, ReadOnlyMemory<byte> data)
    {
        try
        {
            return translator.Translate(data);
        }
        catch (JsonException exception)
        {
            throw UpstreamFailures.Malformed(endpoint.Name, exception);
        }
    }

}
