using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// A keep-alive HTTP/1.1 client reduced to what a benchmark needs: it writes a request's prepared bytes and reads one
/// response to its last byte, by Content-Length or chunked framing, and counts the body's bytes and chunks. It
/// allocates nothing per exchange, so the benchmark's Allocated column is the server's.
/// </summary>
internal sealed class Http1Client(IDuplexPipe connection)
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> ContentLengthHeader => "\r\ncontent-length: "u8;

    private static ReadOnlySpan<byte> ChunkedHeader => "\r\ntransfer-encoding: chunked"u8;

    private byte[] _received = new byte[64 * 1024];
    private int _length;

    /// <summary>The last response's status line and headers, for checking a set-up.</summary>
    public string LastHead { get; private set; } = "";

    public async ValueTask<Http1Response> SendAsync(ReadOnlyMemory<byte> request)
    {
        await connection.Output.WriteAsync(request);
        _length = 0;
        int headerLength;
        while ((headerLength = _received.AsSpan(0, _length).IndexOf(HeaderEnd)) < 0)
        {
            await ReceiveAsync();
        }

        var bodyStart = headerLength + HeaderEnd.Length;
        var status = ParseStatus(_received.AsSpan(0, headerLength));
        var head = _received.AsSpan(0, bodyStart);
        if (IndexOfIgnoreCase(head, ChunkedHeader) >= 0)
        {
            return await ReadChunkedAsync(status, bodyStart);
        }

        var at = IndexOfIgnoreCase(head, ContentLengthHeader);
        if (at < 0)
        {
            LastHead = Encoding.ASCII.GetString(head);
            throw new InvalidDataException("A response without Content-Length nor chunked framing: " + LastHead);
        }

        if (!Utf8Parser.TryParse(head[(at + ContentLengthHeader.Length)..], out int contentLength, out _))
        {
            throw new InvalidDataException("An unreadable Content-Length.");
        }

        while (_length < bodyStart + contentLength)
        {
            await ReceiveAsync();
        }

        return new Http1Response(status, contentLength, Chunks: 0);
    }

    /// <summary>Keeps the last response's head as text: for a set-up's checks, not for timed calls.</summary>
    public string DescribeLast()
    {
        var end = _received.AsSpan(0, _length).IndexOf(HeaderEnd);
        LastHead = Encoding.ASCII.GetString(_received, 0, end < 0 ? _length : end);
        return LastHead;
    }

    /// <summary>The last response's body as text, chunked framing removed: for checking a set-up.</summary>
    public string LastBody()
    {
        var at = _received.AsSpan(0, _length).IndexOf(HeaderEnd) + HeaderEnd.Length;
        if (IndexOfIgnoreCase(_received.AsSpan(0, at), ChunkedHeader) < 0)
        {
            return Encoding.UTF8.GetString(_received, at, _length - at);
        }

        var body = new StringBuilder();
        while (at < _length)
        {
            var lineEnd = _received.AsSpan(at).IndexOf("\r\n"u8);
            _ = Utf8Parser.TryParse(_received.AsSpan(at, lineEnd), out int size, out _, 'x');
            body.Append(Encoding.UTF8.GetString(_received, at + lineEnd + 2, size));
            at += lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }

    private async ValueTask<Http1Response> ReadChunkedAsync(int status, int at)
    {
        var bodyBytes = 0;
        var chunks = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _received.AsSpan(at, _length - at).IndexOf("\r\n"u8)) < 0)
            {
                await ReceiveAsync();
            }

            if (!Utf8Parser.TryParse(_received.AsSpan(at, lineEnd), out int size, out _, 'x'))
            {
                throw new InvalidDataException("An unreadable chunk size.");
            }

            var next = at + lineEnd + 2 + size + 2;
            while (_length < next)
            {
                await ReceiveAsync();
            }

            if (size == 0)
            {
                return new Http1Response(status, bodyBytes, chunks);
            }

            bodyBytes += size;
            chunks++;
            at = next;
        }
    }

    private async ValueTask ReceiveAsync()
    {
        var result = await connection.Input.ReadAsync();
        var buffer = result.Buffer;
        if (buffer.IsEmpty && result.IsCompleted)
        {
            throw new EndOfStreamException("The server closed the connection mid-response.");
        }

        if (_length + buffer.Length > _received.Length)
        {
            Array.Resize(ref _received, (int)Math.Max(_received.Length * 2L, _length + buffer.Length));
        }

        buffer.CopyTo(_received.AsSpan(_length));
        _length += (int)buffer.Length;
        connection.Input.AdvanceTo(buffer.End);
    }

    private static int ParseStatus(ReadOnlySpan<byte> head) =>
        Utf8Parser.TryParse(head["HTTP/1.1 ".Length..], out int status, out _) ? status : 0;

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerCaseValue)
    {
        Span<byte> lower = text.Length <= 4096 ? stackalloc byte[text.Length] : new byte[text.Length];
        System.Text.Ascii.ToLower(text, lower, out _);
        return lower.IndexOf(lowerCaseValue);
    }
}

/// <summary>One response as <see cref="Http1Client"/> read it: its status, body length and number of HTTP/1.1 chunks (0 when not chunked).</summary>
internal readonly record struct Http1Response(int Status, int BodyBytes, int Chunks);
