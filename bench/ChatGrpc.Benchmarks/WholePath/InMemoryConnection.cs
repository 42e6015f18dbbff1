using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>The server's end of one <see cref="InMemoryTransport"/> connection.</summary>
internal sealed class InMemoryConnection(IDuplexPipe transport, EndPoint localEndPoint) : ConnectionContext
{
    private static long s_lastId;

    public override string ConnectionId { get; set; } = "mem-" + Interlocked.Increment(ref s_lastId);

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; } = transport;

    public override EndPoint? LocalEndPoint { get; set; } = localEndPoint;

    // The sign-in throttle keys on the client's address: one fixed loopback client.
    public override EndPoint? RemoteEndPoint { get; set; } = new IPEndPoint(IPAddress.Loopback, 40000);

    public override void Abort(ConnectionAbortedException abortReason)
    {
        Transport.Input.CancelPendingRead();
        Transport.Output.CancelPendingFlush();
    }

    public override async ValueTask DisposeAsync()
    {
        await Transport.Input.CompleteAsync();
        await Transport.Output.CompleteAsync();
        await base.DisposeAsync();
    }
}
