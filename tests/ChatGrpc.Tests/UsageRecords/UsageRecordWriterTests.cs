using System.Diagnostics.Metrics;
using ChatGrpc.Server.UsageRecords;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.UsageRecords;

/// <summary>
/// The writer lets records gather for <see cref="UsageOptions.FlushInterval"/> after the first arrives, so that a busy
/// gateway writes a few transactions a second instead of one per call (issue 23: one transaction per call was the
/// largest single cost of a relayed call).
/// </summary>
public sealed class UsageRecordWriterTests
{
    // Generous: the writer runs on the thread pool, which the other test classes running beside this one may keep busy.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecordsArrivingWithinTheFlushInterval_AreWrittenInOneTransaction_WhenItEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new CountingStore();
        var (recorder, writer) = Build(store, time, TimeSpan.FromSeconds(1));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            Record(recorder, time, 5);
            await WaitUntilAsync(() => recorder.Waiting == 0); // the writer took them, and now waits for more
            Record(recorder, time, 5);
            await Task.Delay(200);
            Assert.Empty(store.Batches);

            // The writer's pause runs on the injected clock: move it on until the batch is written.
            await WaitUntilAsync(() =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return !store.Batches.IsEmpty;
            });
            Assert.Equal([10], store.Batches.ToArray());
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
            await ((IHostedLifecycleService)writer).StoppedAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WithNoFlushInterval_RecordsAreWrittenAsTheyArrive()
    {
        var time = new FakeTimeProvider();
        var store = new CountingStore();
        var (recorder, writer) = Build(store, time, TimeSpan.Zero);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            Record(recorder, time, 1);
            await WaitUntilAsync(() => store.Batches.Count == 1);
            Record(recorder, time, 1);
            await WaitUntilAsync(() => store.Batches.Count == 2); // the clock never moved
            Assert.Equal([1, 1], store.Batches.ToArray());
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
            await ((IHostedLifecycleService)writer).StoppedAsync(CancellationToken.None);
        }
    }

    private static (UsageRecorder Recorder, UsageRecordWriter Writer) Build(IUsageRecordStore store, TimeProvider time, TimeSpan flushInterval)
    {
        var options = Options.Create(new UsageOptions { FlushInterval = flushInterval });
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var recorder = new UsageRecorder(options, meters);
        var writer = new UsageRecordWriter(recorder, store, new UsageSchemaReadiness(), options, time, NullLogger<UsageRecordWriter>.Instance);
        return (recorder, writer);
    }

    private static void Record(UsageRecorder recorder, TimeProvider time, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(recorder.Record(new UsageRecord(time.GetUtcNow(), $"r{i}", "alice", "basic", "m", "d", "ok", 1, 0, 1, 0m, false, false, 1, "rest")));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + s_patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The writer did not get there in time.");
            await Task.Delay(10);
        }
    }

    private sealed class CountingStore : IUsageRecordStore
    {
        public System.Collections.Concurrent.ConcurrentQueue<int> Batches { get; } = new();

        public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
        {
            Batches.Enqueue(records.Count);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<UsageReportRow>> ReportAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0L);
    }
}
