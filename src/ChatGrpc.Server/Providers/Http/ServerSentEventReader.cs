using System.Buffers;
using System.IO.Pipelines;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// Reads Server-Sent Events incrementally from an upstream's response: each event is handed out as soon as its
/// closing blank line has arrived, whatever byte positions the network split it at, and nothing but the event
/// being read is held. Only <c>data</c> lines matter to the providers (OpenAI's and Anthropic's events repeat
/// the event name inside the JSON); <c>event</c>, <c>id</c>, <c>retry</c> and comment lines are skipped.
/// </summary>
/// <remarks>Lines end with LF or CRLF, as every chat-completions server sends them; a lone CR is not a line end here.</remarks>
internal sealed class ServerSentEventReader
{
    private readonly PipeReader _reader;

    // An event larger than this is refused: a broken or hostile upstream must not make the gateway buffer without end.
    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _data = new(4096);
    private bool _hasData;
    private bool _completed;

    // How much of the unfinished line at the buffer's start was searched for its end already: a long line arriving in
    // many reads is scanned once, not once per read.
    private long _searched;

    /// <param name="reader">The response body, decompressed.</param>
    /// <param name="maxEventBytes">The largest event read (<see cref="UpstreamReadLimits.MaxEventBytes"/>).</param>
    public ServerSentEventReader(PipeReader reader, int maxEventBytes = UpstreamReadLimits.DefaultMaxEventBytes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEventBytes);
        _reader = reader;
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The data of the event <see cref="ReadAsync"/> last found (its data lines joined by LF); valid until the next call.</summary>
    public ReadOnlyMemory<byte> Data => _data.WrittenMemory;

    /// <summary>Waits for the next event with data: false once the stream has ended.</summary>
    /// <exception cref="UpstreamAnswerTooLargeException">An event is larger than the limit it was made with.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _data.ResetWrittenCount();
        _hasData = false;
        while (!_completed)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var dispatched = ReadLines(ref buffer);
            if (dispatched)
            {
                _reader.AdvanceTo(buffer.Start);
                return true;
            }

            if (buffer.Length > _maxEventBytes || _data.WrittenCount > _maxEventBytes)
            {
                throw TooLarge();
            }

            if (result.IsCompleted)
            {
                _completed = true;

                // A last line without its line end, and a last event without its blank line, are still delivered:
                // some servers close the connection straight after "data: [DONE]\n".
                if (!buffer.IsEmpty)
                {
                    ProcessLine(buffer);
                }

                _reader.AdvanceTo(buffer.End);
                return _hasData;
            }

            // Everything before the unfinished line is consumed; the unfinished line waits for more bytes.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return false;
    }

    /// <summary>Consumes whole lines from <paramref name="buffer"/>: true when a blank line closed an event with data.</summary>
    private bool ReadLines(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var end = buffer.Slice(_searched).PositionOf((byte)'\n');
            if (end is null)
            {
                _searched = buffer.Length;
                return false;
            }

            _searched = 0;
            var line = buffer.Slice(0, end.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
            if (line.Length > 0 && EndsWithCarriageReturn(line))
            {
                line = line.Slice(0, line.Length - 1);
            }

            if (line.IsEmpty)
            {
                if (_hasData)
                {
                    return true;
                }

                continue;
            }

            ProcessLine(line);
        }
    }

    private void ProcessLine(ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(line);
        if (!reader.IsNext("data"u8, advancePast: true))
        {
            // event:, id:, retry:, ": comment" and unknown fields carry nothing the providers read.
            return;
        }

        if (!reader.End && !reader.IsNext((byte)':', advancePast: true))
        {
            // "database: ..." is a field named "database", not data.
            return;
        }

        reader.IsNext((byte)' ', advancePast: true);
        if (_hasData)
        {
            _data.Write("\n"u8);
        }

        var value = reader.UnreadSequence;
        if (_data.WrittenCount + value.Length > _maxEventBytes)
        {
            throw TooLarge();
        }

        foreach (var segment in value)
        {
            _data.Write(segment.Span);
        }

        _hasData = true;
    }

    private UpstreamAnswerTooLargeException TooLarge() => new("an event", _maxEventBytes, "ChatGrpc:Providers:<name>:MaxEventBytes");

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }
}
