using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Where calls leave their usage record: a bounded queue the call never waits on. When
/// <see cref="UsageOptions.BufferCapacity"/> records are already waiting (the database is slow or down), the new one is
/// dropped and counted (<c>chatgrpc.usage.records.dropped</c>, and a summary log line from the writer).
/// </summary>
internal sealed class UsageRecorder
{
    private readonly Channel<UsageRecord> _channel;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private long _droppedSinceSummary;

    public UsageRecorder(IOptions<UsageOptions> options, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        Capacity = options.Value.BufferCapacity;
        _channel = Channel.CreateBounded<UsageRecord>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        var meter = meterFactory.Create(Telemetry.GatewayTelemetry.Name);
        _dropped = meter.CreateCounter<long>("chatgrpc.usage.records.dropped", "{record}", "Usage records dropped because ChatGrpc:Usage:BufferCapacity records were already waiting for the database.");
        _written = meter.CreateCounter<long>("chatgrpc.usage.records.written", "{record}", "Usage records written to the database.");
    }

    public int Capacity { get; }

    internal ChannelReader<UsageRecord> Reader => _channel.Reader;

    /// <summary>Records waiting for the database.</summary>
    public int Waiting => _channel.Reader.Count;

    /// <summary>Queues the record, or drops it when the queue is full; never waits.</summary>
    public bool Record(UsageRecord record)
    {
        // With FullMode Wait, TryWrite fails instead of waiting when the queue is full: the new record is the one lost.
        if (_channel.Writer.TryWrite(record))
        {
            return true;
        }

        Interlocked.Increment(ref _droppedSinceSummary);
        _dropped.Add(1);
        return false;
    }

    /// <summary>Records dropped since the last call, for the writer's summary line.</summary>
    internal long TakeDropped() => Interlocked.Exchange(ref _droppedSinceSummary, 0);

    internal void Written(int count) => _written.Add(count);

    /// <summary>No more records: the writer drains what is queued and stops.</summary>
    internal void Complete() => _channel.Writer.TryComplete();
}
