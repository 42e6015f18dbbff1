using ChatGrpc.Server.Calls;

namespace ChatGrpc.Server.Limits;

/// <summary>
/// Watches the writes of one stream: armed before each write and disarmed after it, it aborts the connection when a
/// write takes longer than the stalled-client timeout (the client stopped reading), which cancels the call and its
/// upstream request. One timer per stream, re-armed per chunk, so watching costs no allocation per write.
/// </summary>
internal sealed class StalledWriteGuard : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenRegistration _abort;
    private readonly TimeSpan _timeout;

    /// <param name="call">A call with a connection to cut (<see cref="CallContext.AbortConnection"/>).</param>
    public StalledWriteGuard(CallContext call, TimeSpan timeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(call.AbortConnection);
        _timeout = timeout;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _abort = _timer.Token.Register(static state => Cut((CallContext)state!), call);
    }

    public void Arm() => _timer.CancelAfter(_timeout);

    public void Disarm()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    // Marked before the cut, so that whoever sees the write fail can tell a stalled client from one that left.
    private static void Cut(CallContext call)
    {
        call.WritesStalled = true;
        call.AbortConnection!();
    }

    public void Dispose()
    {
        _abort.Dispose();
        _timer.Dispose();
    }
}
