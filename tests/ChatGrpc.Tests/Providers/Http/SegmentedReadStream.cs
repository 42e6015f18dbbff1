namespace ChatGrpc.Tests.Providers.Http;

/// <summary>A stream that hands out its bytes in the given segments, one per read, as TCP may split them.</summary>
public sealed class SegmentedReadStream(params byte[][] segments) : Stream
{
    private int _segment;
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_segment < segments.Length && _offset == segments[_segment].Length)
        {
            _segment++;
            _offset = 0;
        }

        if (_segment == segments.Length)
        {
            return 0;
        }

        var length = Math.Min(buffer.Length, segments[_segment].Length - _offset);
        segments[_segment].AsSpan(_offset, length).CopyTo(buffer);
        _offset += length;
        return length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
