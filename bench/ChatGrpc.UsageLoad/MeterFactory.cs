using System.Diagnostics.Metrics;

namespace ChatGrpc.UsageLoad;

/// <summary>Meters for the recorder, with no listener: what production pays when nothing scrapes.</summary>
internal sealed class MeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(static meter => meter.Dispose());
}
