using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Logging;

/// <summary>Writes, once per <see cref="LogFloodOptions.Interval"/>, how many records <see cref="LogFloodSampler"/> left out, by kind.</summary>
internal sealed class LogFloodSummary(LogFloodSampler sampler, IOptions<LogFloodOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    /// <summary>The summary's own category, never held back.</summary>
    public const string Category = "ChatGrpc.Server.Logging.LogFloodSummary";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Interval;
        _timer = timeProvider.CreateTimer(_ => Summarise(interval), null, interval, interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Summarise(options.Value.Interval);
        return Task.CompletedTask;
    }

    private void Summarise(TimeSpan interval)
    {
        if (sampler.Drain() is { } left)
        {
            ChatGrpcLog.LogRecordsSuppressed(_logger, left.Suppressed, interval, left.Kinds);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
