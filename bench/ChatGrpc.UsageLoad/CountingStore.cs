using ChatGrpc.Server.UsageRecords;

namespace ChatGrpc.UsageLoad;

/// <summary>A store that counts what the writer handed it, and says when a number of records is in.</summary>
internal sealed class CountingStore(IUsageRecordStore inner, long expected) : IUsageRecordStore
{
    private long _written;

    public TaskCompletionSource AllWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Batches { get; private set; }

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(records, cancellationToken);
        Batches++;
        if (Interlocked.Add(ref _written, records.Count) >= expected)
        {
            AllWritten.TrySetResult();
        }
    }

    public Task<IReadOnlyList<UsageReportRow>> ReportAsync(UsageQuery query, CancellationToken cancellationToken) => inner.ReportAsync(query, cancellationToken);

    public Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);
}
