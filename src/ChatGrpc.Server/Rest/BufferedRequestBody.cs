using System.Buffers;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// A REST request body read into pooled memory by <see cref="RequestBodyBufferingMiddleware"/>, kept as an
/// HttpContext feature until the response has been sent.
/// </summary>
internal sealed class BufferedRequestBody : IDisposable
{
    private byte[]? _buffer;

    public BufferedRequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Content = buffer.AsMemory(0, length);
    }

    public ReadOnlyMemory<byte> Content { get; private set; }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            Content = default;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
