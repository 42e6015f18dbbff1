namespace ChatGrpc.Server.Routing;

/// <summary>
/// The cancellation of one attempt on one deployment: the caller's own, the deployment's whole-call
/// <c>Timeout</c>, and until the first chunk its <c>FirstChunkTimeout</c>. Timers run on the injected
/// <see cref="TimeProvider"/>, so tests can move time by hand.
/// </summary>
internal sealed class AttemptTimer : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly TimeSpan _wholeCall;
    private readonly long _started;
    private readonly TimeProvider _timeProvider;
    private bool _waitingForFirstChunk;

    public AttemptTimer(Deployment deployment, TimeProvider timeProvider, bool streaming, CancellationToken callCancellation)
    {
        _timeProvider = timeProvider;
        _wholeCall = deployment.Timeout;
        _started = timeProvider.GetTimestamp();
        _waitingForFirstChunk = streaming && deployment.FirstChunkTimeout < deployment.Timeout;
        var first = _waitingForFirstChunk ? deployment.FirstChunkTimeout!.Value : deployment.Timeout;
        _timeout = new CancellationTokenSource(first, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callCancellation, _timeout.Token);
        CallCancellation = callCancellation;
    }

    public CancellationToken Token => _linked.Token;

    public CancellationToken CallCancellation { get; }

    /// <summary>Whether the deployment's own limit, not the caller, cancelled the attempt.</summary>
    public bool TimedOut => _timeout.IsCancellationRequested && !CallCancellation.IsCancellationRequested;

    /// <summary>Whether, when it timed out, the attempt was still waiting for its first chunk.</summary>
    public bool TimedOutBeforeFirstChunk => TimedOut && _waitingForFirstChunk;

    public TimeSpan Elapsed => _timeProvider.GetElapsedTime(_started);

    /// <summary>From now on only the whole-call limit counts, from the attempt's start.</summary>
    public void FirstChunkArrived()
    {
        if (_waitingForFirstChunk)
        {
            _waitingForFirstChunk = false;
            var left = _wholeCall - Elapsed;
            _timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
