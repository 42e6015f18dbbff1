using ChatGrpc.Server.Access.Redis;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Access;

/// <summary>
/// The Redis store with <see cref="AccessOptions.RedisFailure"/> applied: while Redis is unreachable, either refuse
/// (<see cref="RedisFailurePolicy.Closed"/>: 503, retry after a second) or count in this instance's memory
/// (<see cref="RedisFailurePolicy.Open"/>), logged once per outage. What was counted in memory stays there: it is
/// not added to Redis when it answers again.
/// </summary>
internal sealed class SharedUsageStore(RedisUsageStore redis, MemoryUsageStore fallback, RedisFailurePolicy policy, ILogger logger) : IUsageStore
{
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    private readonly RedisOutage _outage = new();

    /// <summary>True from a failed Redis call until the next one that succeeds.</summary>
    public bool IsFailing => _outage.IsOngoing;

    public async ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, long spend, CancellationToken cancellationToken)
    {
        try
        {
            var decision = await redis.ReserveAsync(user, limits, tokens, spend, cancellationToken).ConfigureAwait(false);
            if (_outage.End())
            {
                AccessLog.SharedLimitsRestored(logger);
            }

            return decision;
        }
        catch (Exception exception) when (RedisConnection.IsUnreachable(exception))
        {
            var first = _outage.Begin();
            if (policy == RedisFailurePolicy.Closed)
            {
                if (first)
                {
                    AccessLog.LimitedCallsRefused(logger, exception);
                }

                throw new ChatCompletionException(ChatErrorKind.Unavailable, "The gateway cannot check your limits right now (its shared limits store is unreachable); try again shortly.", exception)
                {
                    RetryAfter = s_retryAfter,
                };
            }

            if (first)
            {
                AccessLog.LimitsKeptInMemory(logger, exception);
            }

            var local = await fallback.ReserveAsync(user, limits, tokens, spend, cancellationToken).ConfigureAwait(false);
            return local with { Reservation = local.Reservation is { } reservation ? reservation with { InMemory = true } : null };
        }
    }

    public ValueTask SettleAsync(UsageReservation reservation, long usedTokens, long usedSpend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return reservation.InMemory
            ? fallback.SettleAsync(reservation, usedTokens, usedSpend, cancellationToken)
            : redis.SettleAsync(reservation, usedTokens, usedSpend, cancellationToken);
    }
}
