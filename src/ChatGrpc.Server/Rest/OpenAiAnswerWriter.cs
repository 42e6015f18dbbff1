using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.V1;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// Writes one call's answer in OpenAI's wire format. Over REST it writes to the response itself, around JSON
/// transcoding's stream writer, which sends each event as two flushed chunks (the event, then a <c>"\n"</c> of its
/// own) and a whole answer chunked with a trailing newline: here an answer goes out with its Content-Length, and each
/// event as one write. Transcoding adds nothing once the method returns, since no message went through it. Over gRPC
/// (the RPC is reachable there too) the same bytes are <see cref="HttpBody"/> messages, as before.
/// </summary>
/// <remarks>
/// Each piece is serialized into one rented buffer, reused for the whole call, and copied once into Kestrel's pipe:
/// the copy costs less than the empty span Kestrel's writer hands out before the headers are sent.
/// </remarks>
internal sealed class OpenAiAnswerWriter : IDisposable
{
    private const string JsonContentType = "application/json";
    private const string EventStreamContentType = "text/event-stream";

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    // Over REST the blank line that closes an event is written here; over gRPC nothing follows a message, and the
    // bytes stay what they were before this writer existed.
    private static ReadOnlySpan<byte> RestEventEnd => "\n\n"u8;

    private static ReadOnlySpan<byte> GrpcEventEnd => "\n"u8;

    private static readonly ReadOnlyMemory<byte> s_restDoneEvent = "data: [DONE]\n\n"u8.ToArray();
    private static readonly ByteString s_grpcDoneEvent = ByteString.CopyFromUtf8("data: [DONE]\n");

    private readonly HttpResponse _response;
    private readonly IServerStreamWriter<HttpBody>? _grpc;
    private readonly PooledBufferWriter _buffer = new(1024);
    private Utf8JsonWriter? _json;

    /// <param name="response">The call's response.</param>
    /// <param name="grpc">The transcoded stream, when the call came over gRPC; null for REST.</param>
    public OpenAiAnswerWriter(HttpResponse response, IServerStreamWriter<HttpBody>? grpc)
    {
        _response = response;
        _grpc = grpc;
    }

    /// <summary>A whole <c>chat.completion</c>.</summary>
    public ValueTask WriteCompletionAsync(ChatCompletion completion, CancellationToken cancellationToken)
    {
        _buffer.Clear();
        var json = Json();
        OpenAiResponseWriter.WriteCompletion(json, completion);
        json.Flush();
        if (_grpc is not null)
        {
            return new ValueTask(_grpc.WriteAsync(new HttpBody { ContentType = JsonContentType, Data = ByteString.CopyFrom(_buffer.WrittenSpan) }, cancellationToken));
        }

        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = JsonContentType;
        _response.ContentLength = _buffer.WrittenCount;
        return ResponseFlush.WriteAsync(_response, _buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>One event: <c>data: </c>, the JSON <paramref name="write"/> writes, the blank line; sent at once.</summary>
    public ValueTask WriteEventAsync<TState>(TState state, Action<Utf8JsonWriter, TState> write, CancellationToken cancellationToken)
    {
        _buffer.Clear();
        _buffer.Write(DataPrefix);
        var json = Json();
        write(json, state);
        json.Flush();
        if (_grpc is not null)
        {
            _buffer.Write(GrpcEventEnd);
            return new ValueTask(_grpc.WriteAsync(new HttpBody { ContentType = EventStreamContentType, Data = ByteString.CopyFrom(_buffer.WrittenSpan) }, cancellationToken));
        }

        _buffer.Write(RestEventEnd);
        StartEventStream();
        return ResponseFlush.WriteAsync(_response, _buffer.WrittenMemory, cancellationToken);
    }

    /// <summary><c>data: [DONE]</c>, the stream's last event.</summary>
    public ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        if (_grpc is not null)
        {
            return new ValueTask(_grpc.WriteAsync(new HttpBody { ContentType = EventStreamContentType, Data = s_grpcDoneEvent }, cancellationToken));
        }

        StartEventStream();
        return ResponseFlush.WriteAsync(_response, s_restDoneEvent, cancellationToken);
    }

    public void Dispose()
    {
        _json?.Dispose();
        _buffer.Dispose();
    }

    private void StartEventStream()
    {
        if (!_response.HasStarted)
        {
            _response.StatusCode = StatusCodes.Status200OK;
            _response.ContentType = EventStreamContentType;
        }
    }

    private Utf8JsonWriter Json()
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, OpenAiJson.WriterOptions);
        }
        else
        {
            _json.Reset(_buffer);
        }

        return _json;
    }
}
