namespace ChatGrpc.Server.Access;

/// <summary>The arithmetic of the stores' windows, in one place for the in-memory store (Redis's script mirrors it).</summary>
internal static class UsageWindow
{
    /// <summary>One-second buckets that count: the current one and the 60 before it.</summary>
    public const int Buckets = 61;

    public const long MillisecondsPerDay = 86_400_000;

    /// <summary>Whether the bucket of <paramref name="bucketSecond"/> still counts at <paramref name="nowSecond"/>.</summary>
    public static bool Counts(long bucketSecond, long nowSecond) => bucketSecond > nowSecond - Buckets && bucketSecond <= nowSecond;

    /// <summary>When the bucket of <paramref name="bucketSecond"/> stops counting, in Unix milliseconds.</summary>
    public static long LeavesAt(long bucketSecond) => (bucketSecond + Buckets) * 1000;

    /// <summary>
    /// How long until buckets leaving the window (oldest first) have freed <paramref name="needed"/>; the time until
    /// the newest leaves when they never free that much.
    /// </summary>
    public static TimeSpan UntilFreed(ReadOnlySpan<(long Second, long Amount)> oldestFirst, long needed, long nowMilliseconds)
    {
        long freed = 0;
        foreach (var (second, amount) in oldestFirst)
        {
            freed += amount;
            if (freed >= needed)
            {
                return Until(LeavesAt(second), nowMilliseconds);
            }
        }

        return oldestFirst.IsEmpty ? TimeSpan.Zero : Until(LeavesAt(oldestFirst[^1].Second), nowMilliseconds);
    }

    public static TimeSpan UntilNextDay(long nowMilliseconds) => Until(((nowMilliseconds / MillisecondsPerDay) + 1) * MillisecondsPerDay, nowMilliseconds);

    public static TimeSpan Until(long atMilliseconds, long nowMilliseconds) => TimeSpan.FromMilliseconds(Math.Max(0, atMilliseconds - nowMilliseconds));
}
