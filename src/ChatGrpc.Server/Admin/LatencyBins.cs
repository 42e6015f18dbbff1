namespace ChatGrpc.Server.Admin;

/// <summary>
/// A fixed-size histogram of durations: bins growing by a quarter from 1 ms up to about 24 minutes, so that a
/// percentile read off it is within 12% of the true value whatever was recorded, in constant memory.
/// </summary>
internal sealed class LatencyBins
{
    public const int Count = 64;
    private const double Growth = 1.25;
    private static readonly double s_logGrowth = Math.Log(Growth);

    private readonly int[] _counts = new int[Count];

    public int Total { get; private set; }

    public void Add(TimeSpan duration)
    {
        _counts[BinOf(duration.TotalMilliseconds)]++;
        Total++;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Total = 0;
    }

    /// <summary>The <paramref name="quantile"/> (0 to 1) of everything in <paramref name="histograms"/>, as its bin's upper bound; null when they hold nothing.</summary>
    public static double? Percentile(IReadOnlyList<LatencyBins> histograms, double quantile)
    {
        var total = 0L;
        foreach (var histogram in histograms)
        {
            total += histogram.Total;
        }

        if (total == 0)
        {
            return null;
        }

        // The rank of the quantile's sample, counted from 1: the 95th percentile of 20 samples is the 19th.
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        var seen = 0L;
        for (var bin = 0; bin < Count; bin++)
        {
            foreach (var histogram in histograms)
            {
                seen += histogram._counts[bin];
            }

            if (seen >= rank)
            {
                return UpperBound(bin);
            }
        }

        return UpperBound(Count - 1);
    }

    /// <summary>The longest duration, in milliseconds, that <paramref name="bin"/> holds: 1 ms for the first.</summary>
    public static double UpperBound(int bin) => Math.Round(Math.Pow(Growth, bin), 1);

    private static int BinOf(double milliseconds) =>
        milliseconds <= 1 ? 0 : Math.Min(Count - 1, (int)Math.Ceiling(Math.Log(milliseconds) / s_logGrowth));
}
