using System.Collections.Concurrent;

namespace ChatGrpc.Server.Access;

/// <summary>
/// <see cref="IUsageStore"/> in this process: exact for one instance, and what an instance falls back to while
/// Redis is unreachable under <see cref="RedisFailurePolicy.Open"/>. One small record per user (users are the
/// configured ones, so the table is bounded), each updated under its own lock.
/// </summary>
internal sealed class MemoryUsageStore(TimeProvider timeProvider) : IUsageStore
{
    private readonly ConcurrentDictionary<string, UserUsage> _users = new(StringComparer.Ordinal);

    public ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var usage = _users.GetOrAdd(user, static _ => new UserUsage());
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        lock (usage.Lock)
        {
            return ValueTask.FromResult(usage.Reserve(user, limits, tokens, now));
        }
    }

    public ValueTask SettleAsync(UsageReservation reservation, long usedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (_users.TryGetValue(reservation.User, out var usage))
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            lock (usage.Lock)
            {
                usage.Settle(reservation, Math.Max(0, usedTokens) - reservation.Tokens, now);
            }
        }

        return ValueTask.CompletedTask;
    }

    private sealed class UserUsage
    {
        private readonly long[] _seconds = new long[UsageWindow.Buckets];
        private readonly long[] _requests = new long[UsageWindow.Buckets];
        private readonly long[] _tokens = new long[UsageWindow.Buckets];
        private long _day = -1;
        private long _dayTokens;

        public UserUsage() => Array.Fill(_seconds, long.MinValue);

        public Lock Lock { get; } = new();

        public UsageDecision Reserve(string user, UsageLimits limits, long tokens, long now)
        {
            var second = now / 1000;
            var day = now / UsageWindow.MillisecondsPerDay;
            if (_day != day)
            {
                _day = day;
                _dayTokens = 0;
            }

            Span<(long Second, long Amount)> requestBuckets = stackalloc (long, long)[UsageWindow.Buckets];
            Span<(long Second, long Amount)> tokenBuckets = stackalloc (long, long)[UsageWindow.Buckets];
            int requestCount = 0, tokenCount = 0;
            long requests = 0, windowTokens = 0;
            for (var s = second - UsageWindow.Buckets + 1; s <= second; s++)
            {
                var slot = Slot(s);
                if (_seconds[slot] != s)
                {
                    continue;
                }

                if (_requests[slot] > 0)
                {
                    requests += _requests[slot];
                    requestBuckets[requestCount++] = (s, _requests[slot]);
                }

                if (_tokens[slot] > 0)
                {
                    windowTokens += _tokens[slot];
                    tokenBuckets[tokenCount++] = (s, _tokens[slot]);
                }
            }

            LimitKind? refusedBy = null;
            var retryAfter = TimeSpan.Zero;
            if (limits.RequestsPerMinute is { } requestLimit && requests + 1 > requestLimit)
            {
                refusedBy = LimitKind.RequestsPerMinute;
                retryAfter = UsageWindow.UntilFreed(requestBuckets[..requestCount], requests + 1 - requestLimit, now);
            }
            else if (limits.TokensPerMinute is { } tokenLimit && windowTokens + tokens > tokenLimit)
            {
                refusedBy = LimitKind.TokensPerMinute;
                retryAfter = UsageWindow.UntilFreed(tokenBuckets[..tokenCount], windowTokens + tokens - tokenLimit, now);
            }
            else if (limits.TokensPerDay is { } dayLimit && _dayTokens + tokens > dayLimit)
            {
                refusedBy = LimitKind.TokensPerDay;
                retryAfter = UsageWindow.UntilNextDay(now);
            }

            UsageReservation? reservation = null;
            if (refusedBy is null)
            {
                var slot = Slot(second);
                if (_seconds[slot] != second)
                {
                    _seconds[slot] = second;
                    _requests[slot] = 0;
                    _tokens[slot] = 0;
                }

                _requests[slot]++;
                _tokens[slot] += tokens;
                _dayTokens += tokens;
                requests++;
                windowTokens += tokens;
                reservation = new UsageReservation(user, second, day, tokens);
            }

            var newestRequest = refusedBy is null ? second : requestCount > 0 ? requestBuckets[requestCount - 1].Second : second - UsageWindow.Buckets;
            var newestTokens = refusedBy is null && tokens > 0 ? second : tokenCount > 0 ? tokenBuckets[tokenCount - 1].Second : second - UsageWindow.Buckets;
            return new UsageDecision
            {
                RefusedBy = refusedBy,
                Reservation = reservation,
                RequestsUsed = requests,
                TokensUsed = windowTokens,
                DayTokensUsed = _dayTokens,
                RequestsReset = UsageWindow.Until(UsageWindow.LeavesAt(newestRequest), now),
                TokensReset = UsageWindow.Until(UsageWindow.LeavesAt(newestTokens), now),
                DayReset = UsageWindow.UntilNextDay(now),
                RetryAfter = retryAfter,
            };
        }

        public void Settle(UsageReservation reservation, long delta, long now)
        {
            if (delta == 0)
            {
                return;
            }

            var second = now / 1000;
            var slot = Slot(reservation.Second);
            if (_seconds[slot] == reservation.Second && UsageWindow.Counts(reservation.Second, second))
            {
                _tokens[slot] = Math.Max(0, _tokens[slot] + delta);
            }
            else if (delta > 0)
            {
                // The reservation has left the window (a call longer than a minute): what it used beyond its
                // estimate was used recently, so it counts now.
                slot = Slot(second);
                if (_seconds[slot] != second)
                {
                    _seconds[slot] = second;
                    _requests[slot] = 0;
                    _tokens[slot] = 0;
                }

                _tokens[slot] += delta;
            }

            if (_day == reservation.Day)
            {
                _dayTokens = Math.Max(0, _dayTokens + delta);
            }
            else if (delta > 0 && _day == now / UsageWindow.MillisecondsPerDay)
            {
                _dayTokens += delta;
            }
        }

        private static int Slot(long second) => (int)(((second % UsageWindow.Buckets) + UsageWindow.Buckets) % UsageWindow.Buckets);
    }
}
