using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Logging;

/// <summary>
/// Keeps a flood of any kind from writing the log: per interval, the first <see cref="LogFloodOptions.RecordsPerInterval"/>
/// records of a kind (category and event id; for the per-call line, also its outcome) are written, the rest only counted,
/// and <see cref="LogFloodSummary"/> writes the counts as one line per interval. Kinds are the code's own (categories and
/// event ids), never a caller's text, so their number is bounded by the code. The per-call line of a call that succeeded
/// is never held back: it is the gateway's record of its work, and as many as the calls served.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Telemetry's <c>LoggingSampler</c> would be the natural base, but that package brings its own
/// logging source generator, which replaces the runtime's <c>[LoggerMessage]</c> one every log event here is written
/// for; <see cref="FloodGuardLoggerFactory"/> applies this sampler to every logger instead.
/// </remarks>
internal sealed class LogFloodSampler
{
    // Past this many kinds in one interval (which no code path reaches) the rest share one count.
    private const int MaxKinds = 1024;
    private const string CallEndedCategory = "ChatGrpc.Server.Telemetry.CallTelemetryMiddleware";
    private const int CallEndedEventId = 10;

    private readonly int _perInterval;
    private ConcurrentDictionary<(string Category, int EventId, string? Outcome), Count> _counts = new();

    public LogFloodSampler(IOptions<LogFloodOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perInterval = options.Value.RecordsPerInterval;
    }

    /// <summary>Whether this record is written (true) or only counted (false).</summary>
    public bool ShouldWrite<TState>(string category, EventId eventId, TState state)
    {
        if (category == LogFloodSummary.Category)
        {
            return true;
        }

        string? outcome = null;
        if (eventId.Id == CallEndedEventId && category == CallEndedCategory)
        {
            outcome = OutcomeOf(state);
            if (outcome == "ok")
            {
                return true;
            }
        }

        var counts = _counts;
        var key = (category, eventId.Id, outcome);
        if (!counts.TryGetValue(key, out var count))
        {
            key = counts.Count < MaxKinds ? key : ("(other kinds)", 0, null);
            count = counts.GetOrAdd(key, static _ => new Count());
        }

        if (Interlocked.Increment(ref count.Seen) <= _perInterval)
        {
            return true;
        }

        Interlocked.Increment(ref count.Suppressed);
        return false;
    }

    /// <summary>Starts a new interval and describes what the last one left out, or null when it left out nothing.</summary>
    public (long Suppressed, string Kinds)? Drain()
    {
        var counts = Interlocked.Exchange(ref _counts, new());
        var suppressed = counts.Where(static pair => pair.Value.Suppressed > 0).OrderByDescending(static pair => pair.Value.Suppressed).ToList();
        if (suppressed.Count == 0)
        {
            return null;
        }

        var kinds = new StringBuilder();
        foreach (var ((category, eventId, outcome), count) in suppressed.Take(10))
        {
            kinds.Append(kinds.Length == 0 ? string.Empty : ", ")
                .Append(count.Suppressed.ToString(CultureInfo.InvariantCulture)).Append(" x ").Append(category)
                .Append('[').Append(eventId.ToString(CultureInfo.InvariantCulture)).Append(']');
            if (outcome is not null)
            {
                kinds.Append(' ').Append(outcome);
            }
        }

        if (suppressed.Count > 10)
        {
            kinds.Append(CultureInfo.InvariantCulture, $" and {suppressed.Count - 10} more kinds");
        }

        return (suppressed.Sum(static pair => pair.Value.Suppressed), kinds.ToString());
    }

    private static string? OutcomeOf<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair.Key == "Outcome")
                {
                    return pair.Value as string;
                }
            }
        }

        return null;
    }

    private sealed class Count
    {
        public long Seen;
        public long Suppressed;
    }
}
