using System.Globalization;

namespace ChatGrpc.AuthFlood;

/// <summary>Latencies in milliseconds, summarised as the README quotes them.</summary>
internal static class Latencies
{
    public static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];

    public static string Describe(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"n={sorted.Count} p50={Percentile(sorted, 0.50):F2} ms p99={Percentile(sorted, 0.99):F2} ms max={(sorted.Count == 0 ? double.NaN : sorted[^1]):F2} ms");
    }
}
