using System.Net;
using System.Net.Sockets;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// Connections from another loopback address: 127.0.0.0/8 is all loopback on Linux, so a client bound to another of
/// its addresses is another client address to the gateway (for per-address throttling).
/// </summary>
internal static class LoopbackSource
{
    public static SocketsHttpHandler CreateHandler(IPAddress source) => new()
    {
        ConnectCallback = (context, cancellationToken) => ConnectFromAsync(source, context.DnsEndPoint.Port, cancellationToken),
    };

    public static async ValueTask<Stream> ConnectFromAsync(IPAddress source, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
