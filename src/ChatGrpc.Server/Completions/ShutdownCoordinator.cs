using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Completions;

/// <summary>
/// Lets calls in flight finish when the server is asked to stop, and cuts whatever is still running shortly before
/// <see cref="HostOptions.ShutdownTimeout"/> ends, so that those calls end with a clear "shutting down" error (an SSE
/// error event, gRPC <c>UNAVAILABLE</c>) instead of a connection dropped under them.
/// </summary>
internal sealed class ShutdownCoordinator : IDisposable
{
    // Time left after the cut for the cut calls to write their last event before the host aborts connections: a
    // quarter of the shutdown timeout, at most five seconds. A fixed half second was too little on a busy machine.
    private static readonly TimeSpan s_longestMargin = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cut;
    private readonly CancellationTokenRegistration _stoppingRegistration;

    public ShutdownCoordinator(IHostApplicationLifetime lifetime, IOptions<HostOptions> hostOptions, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(hostOptions);
        _cut = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        var timeout = hostOptions.Value.ShutdownTimeout;
        var grace = timeout - TimeSpan.FromTicks(Math.Min(timeout.Ticks / 4, s_longestMargin.Ticks));
        _stoppingRegistration = lifetime.ApplicationStopping.Register(() =>
        {
            IsStopping = true;
            if (grace > TimeSpan.Zero)
            {
                _cut.CancelAfter(grace);
            }
            else
            {
                _cut.Cancel();
            }
        });
    }

    /// <summary>True once the server was asked to stop: readiness reports it, so load balancers move traffic away.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>Fires when the grace period for calls in flight is over.</summary>
    public CancellationToken CallsCut => _cut.Token;

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _cut.Dispose();
    }
}
