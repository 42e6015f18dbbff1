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

    public StalledWriteGuard(HttpContext httpContext, TimeSpan timeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        _timeout = timeout;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _abort = _timer.Token.Register(static state => ((HttpContext)state!).Abort(), httpContext);
    }

    /// <summary>True once the guard cut the connection.</summary>
    public bool Fired => _timer.IsCancellationRequested;

    public void Arm() => _timer.CancelAfter(_timeout);

    public void Disarm()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        _timer.Dispose();
    }
}
