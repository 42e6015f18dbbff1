using System.Threading.RateLimiting;

namespace ChatGrpc.Server.Limits;

/// <summary>Taking a place from a concurrency limiter, the same way for the process and for each upstream.</summary>
internal static class LimiterLeases
{
    /// <summary>A place, at once or after waiting in the limiter's bounded queue; null when there is none.</summary>
    public static async ValueTask<RateLimitLease?> TryTakeAsync(RateLimiter limiter, CancellationToken cancellationToken)
    {
        // The synchronous attempt keeps the common case (room available) free of a task.
        var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }
}
