using System.Net;
using System.Net.Http.Headers;
using ChatGrpc.Server.OpenAi.Writing;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// A JSON request body held in a rented array, which goes back to the pool when the request is disposed. An array
/// still being sent then (an upstream that answered before reading the whole body) is left to the garbage collector
/// instead: handing it to another request while this one copies from it could send that request's bytes here.
/// </summary>
internal sealed class PooledJsonContent : HttpContent
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Lock _gate = new();
    private PooledBufferWriter? _buffer;
    private int _sending;
    private bool _disposed;

    public PooledJsonContent(PooledBufferWriter buffer)
    {
        _buffer = buffer;
        Headers.ContentType = s_json;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> body;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sending++;
            body = _buffer!.WrittenMemory;
        }

        try
        {
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _sending--;
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _buffer?.WrittenCount ?? 0;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            PooledBufferWriter? toReturn = null;
            lock (_gate)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    if (_sending == 0)
                    {
                        toReturn = _buffer;
                    }

                    _buffer = null;
                }
            }

            toReturn?.Dispose();
        }

        base.Dispose(disposing);
    }
}
