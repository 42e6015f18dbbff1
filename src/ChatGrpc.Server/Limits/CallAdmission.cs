using System.Threading.RateLimiting;
using ChatGrpc.Server.Errors;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Limits;

/// <summary>
/// Load shedding for the whole process: at most <see cref="LimitsOptions.MaxConcurrentCalls"/> calls run, at most
/// <see cref="LimitsOptions.QueueLength"/> wait, and any other is refused at once with 503 and <c>Retry-After</c>,
/// never queued without limit. While it refuses, the instance reports itself not ready.
/// </summary>
internal sealed class CallAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly int _queueLength;
    private readonly TimeSpan _retryAfter;

    public CallAdmission(IOptions<LimitsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _queueLength = limits.QueueLength;
        _retryAfter = limits.RetryAfter;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrentCalls,
            QueueLimit = limits.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>True while every place is taken and the queue is full: new calls are being refused.</summary>
    public bool IsShedding => _limiter.GetStatistics() is { CurrentAvailablePermits: 0 } statistics && statistics.CurrentQueuedCount >= _queueLength;

    /// <summary>A place for one call, held until the lease is disposed.</summary>
    /// <exception cref="ChatCompletionException">The process is full: <see cref="ChatErrorKind.Unavailable"/>.</exception>
    public async ValueTask<RateLimitLease> AdmitAsync(CancellationToken cancellationToken)
    {
        return await LimiterLeases.TryTakeAsync(_limiter, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatCompletionException(ChatErrorKind.Unavailable, "The gateway is at its limit of calls in flight; try again shortly.") { RetryAfter = _retryAfter };
    }

    public void Dispose() => _limiter.Dispose();
}
