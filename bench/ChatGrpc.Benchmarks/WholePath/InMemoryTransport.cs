using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// A Kestrel transport of pipes instead of sockets: Kestrel's HTTP/1.1 and HTTP/2 parsing, framing and flushing all
/// run as in production, but no byte crosses the kernel, so a benchmark measures the server's own work, not loopback's.
/// Endpoints are told apart by port alone; nothing listens on it.
/// </summary>
internal sealed class InMemoryTransport : IConnectionListenerFactory
{
    private static readonly PipeOptions s_pipeOptions = new(useSynchronizationContext: false);

    private readonly ConcurrentDictionary<int, Listener> _listeners = new();

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var port = ((IPEndPoint)endpoint).Port;
        var listener = new Listener(endpoint);
        _listeners[port] = listener;
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    /// <summary>Opens a connection to the endpoint bound on <paramref name="port"/>; the result is the client's end.</summary>
    public IDuplexPipe Connect(int port)
    {
        var toServer = new Pipe(s_pipeOptions);
        var toClient = new Pipe(s_pipeOptions);
        var server = new InMemoryConnection(new DuplexPipe(toServer.Reader, toClient.Writer), _listeners[port].EndPoint);
        if (!_listeners[port].Pending.Writer.TryWrite(server))
        {
            throw new InvalidOperationException($"Nothing accepts connections on port {port} any more.");
        }

        return new DuplexPipe(toClient.Reader, toServer.Writer);
    }

    private sealed class Listener(EndPoint endPoint) : IConnectionListener
    {
        public Channel<ConnectionContext> Pending { get; } = Channel.CreateUnbounded<ConnectionContext>();

        public EndPoint EndPoint { get; } = endPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await Pending.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            Pending.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => UnbindAsync();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
