using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// One deployment's attempts over the last five minutes, in thirty ten-second slices reused in a ring: what the
/// operator's page shows, in memory fixed per deployment whatever the traffic.
/// </summary>
internal sealed class DeploymentWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(5);
    private const int SliceSeconds = 10;
    private static readonly int s_slices = (int)Length.TotalSeconds / SliceSeconds;

    private readonly WindowBucket[] _buckets = Enumerable.Range(0, s_slices).Select(static _ => new WindowBucket()).ToArray();
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastFailure;

    public void AttemptEnded(DateTimeOffset now, ChatErrorKind? failure, bool rateLimited, TimeSpan elapsed, bool streaming)
    {
        lock (_gate)
        {
            var bucket = Current(now);
            bucket.Calls++;
            if (failure is { } kind)
            {
                bucket.Errors++;
                bucket.ErrorsByKind[(int)kind]++;
                _lastFailure = now;
                if (rateLimited)
                {
                    bucket.RateLimited++;
                }
            }
            else if (streaming)
            {
                bucket.FirstChunk.Add(elapsed);
            }
            else
            {
                bucket.Latency.Add(elapsed);
            }
        }
    }

    public void StreamEnded(DateTimeOffset now, TimeSpan elapsed)
    {
        lock (_gate)
        {
            Current(now).Latency.Add(elapsed);
        }
    }

    public DeploymentFigures Read(DateTimeOffset now)
    {
        lock (_gate)
        {
            var slice = SliceOf(now);
            var live = _buckets.Where(bucket => bucket.Slice > slice - s_slices && bucket.Slice <= slice).ToArray();
            var byKind = new List<(ChatErrorKind, int)>();
            foreach (var row in ChatErrors.All)
            {
                var count = live.Sum(bucket => bucket.ErrorsByKind[(int)row.Kind]);
                if (count > 0)
                {
                    byKind.Add((row.Kind, count));
                }
            }

            var latency = live.Select(static bucket => bucket.Latency).ToArray();
            var firstChunk = live.Select(static bucket => bucket.FirstChunk).ToArray();
            return new DeploymentFigures(
                live.Sum(static bucket => bucket.Calls),
                live.Sum(static bucket => bucket.Errors),
                live.Sum(static bucket => bucket.RateLimited),
                byKind,
                LatencyBins.Percentile(latency, 0.50),
                LatencyBins.Percentile(latency, 0.95),
                LatencyBins.Percentile(firstChunk, 0.50),
                LatencyBins.Percentile(firstChunk, 0.95),
                _lastFailure);
        }
    }

    private WindowBucket Current(DateTimeOffset now)
    {
        var slice = SliceOf(now);
        var bucket = _buckets[slice % s_slices];
        if (bucket.Slice != slice)
        {
            bucket.Reset(slice);
        }

        return bucket;
    }

    private static long SliceOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / SliceSeconds;
}
