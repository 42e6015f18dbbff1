using System.Net;
using System.Net.Sockets;

namespace ChatGrpc.AuthFlood;

/// <summary>
/// HTTP handlers whose connections leave from a chosen loopback address (any of 127.0.0.0/8 works on Linux without
/// set-up), so that one machine can play many clients as the server's per-address throttle sees them.
/// </summary>
internal static class LoopbackSource
{
    public static IPAddress Address(int index) => new([127, 0, (byte)(1 + (index / 250)), (byte)(2 + (index % 250))]);

    public static SocketsHttpHandler CreateHandler(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
