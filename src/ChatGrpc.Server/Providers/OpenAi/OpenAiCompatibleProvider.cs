using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatGrpc.Server.OpenAi.Responses;
using ChatGrpc.Server.Providers.Http;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.OpenAi;

/// <summary>
/// One deployment on an OpenAI-compatible <c>/chat/completions</c> server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio,
/// LiteLLM; Azure OpenAI through its own <see cref="UpstreamEndpoint"/>). Every request field is relayed as the
/// project's writer writes it; answers are read with the project's reader; streams are relayed event by event as
/// they arrive.
/// </summary>
internal sealed class OpenAiCompatibleProvider : IChatCompletionProvider
{
    private readonly HttpMessageInvoker _client;
    private readonly UpstreamEndpoint _endpoint;
    private readonly string _upstreamModel;
    private readonly TimeProvider _timeProvider;

    public OpenAiCompatibleProvider(HttpMessageInvoker client, UpstreamEndpoint endpoint, string upstreamModel, TimeProvider timeProvider)
    {
        _client = client;
        _endpoint = endpoint;
        _upstreamModel = upstreamModel;
        _timeProvider = timeProvider;
    }

    public async Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = _endpoint.CreateRequest(UpstreamRequestBody.OpenAi(request, _upstreamModel, stream: false), stream: false);
        using var response = await UpstreamHttp.SendAsync(_client, _endpoint, message, _timeProvider, cancellationToken).ConfigureAwait(false);
        return await UpstreamAnswer.ReadAsync(response, _endpoint, OpenAiCompletionReader.Read, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = _endpoint.CreateRequest(UpstreamRequestBody.OpenAi(request, _upstreamModel, stream: true), stream: true);
        using var response = await UpstreamHttp.SendAsync(_client, _endpoint, message, _timeProvider, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var pipe = PipeReader.Create(body);
        try
        {
            var events = new ServerSentEventReader(pipe, _endpoint.ReadLimits.MaxEventBytes);
            while (await UpstreamEvents.ReadAsync(events, _endpoint.Name, cancellationToken).ConfigureAwait(false))
            {
                var data = events.Data;
                if (data.Span.SequenceEqual("[DONE]"u8))
                {
                    yield break;
                }

                yield return ReadChunk(data);
            }

            throw UpstreamFailures.StreamEndedEarly(_endpoint.Name);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private ChatCompletionChunk ReadChunk(ReadOnlyMemory<byte> data)
    {
        var json = new ReadOnlySequence<byte>(data);
        try
        {
            // OpenAI and vLLM report a failure after the stream started as an event {"error": {...}}.
            if (data.Span.IndexOf("\"error\""u8) >= 0 && UpstreamErrorBody.Parse(data.Span, _endpoint.Scrubber) is { Message: not null } error)
            {
                throw UpstreamFailures.StreamError(_endpoint.Name, error);
            }

            return OpenAiChunkReader.Read(json);
        }
        catch (JsonException exception)
        {
            throw UpstreamFailures.Malformed(_endpoint.Name, exception);
        }
    }
}
