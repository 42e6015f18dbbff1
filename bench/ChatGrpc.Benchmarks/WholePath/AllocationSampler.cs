using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// Which types a loop allocates, from the runtime's own sampling: the GC raises <c>GCAllocationTick</c> about once per
/// 100 KB allocated, naming the type of the object that crossed the mark, so a type's share of the ticks is its share
/// of the bytes (by sampling). The same data <c>dotnet-trace --profile gc-verbose</c> collects, read in process.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<string, long> _ticksByType = new();
    private long _ticks;
    private volatile bool _counting;

    public void Start() => _counting = true;

    public void Stop() => _counting = false;

    /// <summary>The <paramref name="top"/> types by sampled share, each with its estimated bytes per call.</summary>
    public IEnumerable<string> Report(long bytesAllocated, int calls, int top)
    {
        var ticks = Math.Max(1, Interlocked.Read(ref _ticks));
        return _ticksByType
            .OrderByDescending(pair => pair.Value)
            .Take(top)
            .Select(pair => string.Create(
                CultureInfo.InvariantCulture,
                $"{100.0 * pair.Value / ticks,6:F1}%  {bytesAllocated * pair.Value / ticks / Math.Max(1, calls),7} B/call  {pair.Key}"));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("TypeName");
        var typeName = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
        _ticksByType.AddOrUpdate(typeName, 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _ticks);
    }
}
