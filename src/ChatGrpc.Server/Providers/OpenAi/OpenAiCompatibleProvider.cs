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
    /// <summary>A whole (non-streamed) answer larger than this is refused rather than held in memory.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly UpstreamEndpoint _endpoint;
    private readonly string _upstreamModel;
    private readonly TimeProvider _timeProvider;

    public OpenAiCompatibleProvider(HttpClient client, UpstreamEndpoint endpoint, string upstreamModel, TimeProvider timeProvider)
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
        using var response = await UpstreamHttp.SendAsync(_client, _endpoint.Name, message, _timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var reader = PipeReader.Create(stream);
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (result.IsCompleted)
                    {
                        var completion = OpenAiCompletionReader.Read(result.Buffer);
                        reader.AdvanceTo(result.Buffer.End);
                        return completion;
                    }

                    if (result.Buffer.Length > MaxAnswerBytes)
                    {
                        throw new InvalidDataException($"The answer is larger than {MaxAnswerBytes} bytes.");
                    }

                    reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (JsonException exception)
        {
            throw UpstreamFailures.Malformed(_endpoint.Name, exception);
        }
        catch (InvalidDataException exception)
        {
            throw UpstreamFailures.Malformed(_endpoint.Name, exception);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.ConnectionFailed(_endpoint.Name, exception);
        }
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = _endpoint.CreateRequest(UpstreamRequestBody.OpenAi(request, _upstreamModel, stream: true), stream: true);
        using var response = await UpstreamHttp.SendAsync(_client, _endpoint.Name, message, _timeProvider, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var pipe = PipeReader.Create(body);
        try
        {
            var events = new ServerSentEventReader(pipe);
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
            if (data.Span.IndexOf("\"error\""u8) >= 0 && UpstreamErrorBody.Parse(data.Span) is { Message: not null } error)
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
