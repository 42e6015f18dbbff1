using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Takes the queued usage records off the request path and writes them in batches of up to
/// <see cref="UsageOptions.BatchSize"/>. A batch that fails is tried again with a growing pause (up to 30 s) while new
/// records wait in the bounded queue; nothing here ever reaches a call. It also prunes records older than
/// <see cref="UsageOptions.RetentionDays"/> (at start and every <see cref="UsageOptions.PruneInterval"/>, 6 hours by default), and logs one summary line for the records
/// dropped meanwhile. On shutdown, what is queued is written within a few seconds, or lost.
/// </summary>
internal sealed class UsageRecordWriter(
    UsageRecorder recorder,
    IUsageRecordStore store,
    UsageSchemaReadiness readiness,
    IOptions<UsageOptions> options,
    TimeProvider timeProvider,
    ILogger<UsageRecordWriter> logger) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_summaryEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_drainOnStop = TimeSpan.FromSeconds(5);

    private readonly UsageOptions _options = options.Value;
    private DateTimeOffset _nextPrune;
    private DateTimeOffset _lastSummary;
    private bool _prepared;

    /// <summary>
    /// Keeps writing while the host stops the server: calls still in flight then end, and write their records, after
    /// this service's own stop would come (the server is stopped last). The writer stops, and drains, once every service
    /// has stopped (<see cref="StoppedAsync"/>).
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => base.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host starts serving while the database is prepared (or is not there yet).
        await Task.Yield();
        _lastSummary = timeProvider.GetUtcNow();
        var batch = new List<UsageRecord>(_options.BatchSize);
        try
        {
            await PrepareAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    // Idle, the loop still comes round for the summary and, when it is due sooner, the pruning.
                    wait.CancelAfter(_options.PruneInterval < s_summaryEvery ? _options.PruneInterval : s_summaryEvery);
                    try
                    {
                        await recorder.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Nothing arrived for a while: time for the summary and the pruning all the same.
                    }
                }

                Fill(batch);
                if (batch.Count is > 0 && batch.Count < _options.BatchSize && _options.FlushInterval > TimeSpan.Zero)
                {
                    // Let the records of the calls that end meanwhile join this batch: one transaction per call costs
                    // the gateway more than the call itself does at a few thousand calls a second.
                    await Task.Delay(_options.FlushInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                    Fill(batch);
                }

                if (batch.Count > 0)
                {
                    await WriteUntilDoneAsync(batch, stoppingToken).ConfigureAwait(false);
                    batch.Clear();
                }

                Summarize();
                await PruneIfDueAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await DrainAsync(batch).ConfigureAwait(false);
    }

    private async Task PrepareAsync(CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        while (true)
        {
            try
            {
                await store.MigrateAsync(stoppingToken).ConfigureAwait(false);
                _prepared = true;
                readiness.Ready();
                UsageLog.StoreReady(logger, _options.Store);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                UsageLog.StoreNotReady(logger, exception, _options.Store, retry.TotalSeconds);
                await Task.Delay(retry, timeProvider, stoppingToken).ConfigureAwait(false);
                retry = Next(retry);
                Summarize();
            }
        }
    }

    private void Fill(List<UsageRecord> batch)
    {
        while (batch.Count < _options.BatchSize && recorder.Reader.TryRead(out var record))
        {
            batch.Add(record);
        }
    }

    private async Task WriteUntilDoneAsync(List<UsageRecord> batch, CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        var failed = false;
        while (true)
        {
            try
            {
                await store.WriteAsync(batch, stoppingToken).ConfigureAwait(false);
                recorder.Written(batch.Count);
                if (failed)
                {
                    UsageLog.WriteRestored(logger, _options.Store);
                }

                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One warning per outage (and per pause after it grew), not one per batch.
                if (!failed || retry == s_lastRetry)
                {
                    UsageLog.WriteFailed(logger, exception, _options.Store, recorder.Waiting + batch.Count, retry.TotalSeconds);
                }

                failed = true;
                await Task.Delay(retry, timeProvider, stoppingToken).ConfigureAwait(false);
                retry = Next(retry);
                Summarize();
            }
        }
    }

    private void Summarize()
    {
        var now = timeProvider.GetUtcNow();
        if (now - _lastSummary < s_summaryEvery)
        {
            return;
        }

        var dropped = recorder.TakeDropped();
        if (dropped > 0)
        {
            UsageLog.RecordsDropped(logger, dropped, (now - _lastSummary).TotalSeconds, recorder.Capacity);
        }

        _lastSummary = now;
    }

    private async Task PruneIfDueAsync(CancellationToken stoppingToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + _options.PruneInterval;
        try
        {
            var pruned = await store.PruneAsync(now.AddDays(-_options.RetentionDays), stoppingToken).ConfigureAwait(false);
            if (pruned > 0)
            {
                UsageLog.Pruned(logger, pruned, _options.RetentionDays);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            UsageLog.PruneFailed(logger, exception);
        }
    }

    /// <summary>Writes what is left, once each batch, for a few seconds at most: shutdown does not wait for a dead database.</summary>
    private async Task DrainAsync(List<UsageRecord> batch)
    {
        recorder.Complete();
        using var deadline = new CancellationTokenSource(s_drainOnStop, timeProvider);
        try
        {
            // Stopped before the schema was ready (a short-lived instance): prepare it now, or the records are lost.
            if (!_prepared && (batch.Count > 0 || recorder.Waiting > 0))
            {
                await store.MigrateAsync(deadline.Token).ConfigureAwait(false);
                _prepared = true;
                readiness.Ready();
            }

            while (true)
            {
                Fill(batch);
                if (batch.Count == 0)
                {
                    break;
                }

                await store.WriteAsync(batch, deadline.Token).ConfigureAwait(false);
                recorder.Written(batch.Count);
                batch.Clear();
            }
        }
        catch (Exception exception)
        {
            UsageLog.WriteFailed(logger, exception, _options.Store, recorder.Waiting + batch.Count, 0);
        }

        var dropped = recorder.TakeDropped();
        if (dropped > 0)
        {
            UsageLog.RecordsDropped(logger, dropped, (timeProvider.GetUtcNow() - _lastSummary).TotalSeconds, recorder.Capacity);
        }
    }

    private static TimeSpan Next(TimeSpan retry) => retry * 2 > s_lastRetry ? s_lastRetry : retry * 2;
}
