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

    public ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, long spend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(spend);
        var usage = _users.GetOrAdd(user, static _ => new UserUsage());
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        lock (usage.Lock)
        {
            return ValueTask.FromResult(usage.Reserve(user, limits, tokens, spend, now));
        }
    }

    public ValueTask SettleAsync(UsageReservation reservation, long usedTokens, long usedSpend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (_users.TryGetValue(reservation.User, out var usage))
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            lock (usage.Lock)
            {
                usage.Settle(reservation, Math.Max(0, usedTokens) - reservation.Tokens, now);
                usage.SettleSpend(reservation, Math.Max(0, usedSpend) - reservation.Spend, now);
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
        private long _daySpend;
        private long _month = -1;
        private long _monthSpend;

        public UserUsage() => Array.Fill(_seconds, long.MinValue);

        public Lock Lock { get; } = new();

        public UsageDecision Reserve(string user, UsageLimits limits, long tokens, long spend, long now)
        {
            var second = now / 1000;
            var day = now / UsageWindow.MillisecondsPerDay;
            if (_day != day)
            {
                _day = day;
                _dayTokens = 0;
                _daySpend = 0;
            }

            var month = Spend.Month(now);
            if (_month != month)
            {
                _month = month;
                _monthSpend = 0;
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
            else if (limits.SpendPerDay is { } daySpendLimit && _daySpend >= daySpendLimit)
            {
                // A budget admits calls until it is reached, the estimates of calls in flight included.
                refusedBy = LimitKind.SpendPerDay;
                retryAfter = UsageWindow.UntilNextDay(now);
            }
            else if (limits.SpendPerMonth is { } monthSpendLimit && _monthSpend >= monthSpendLimit)
            {
                refusedBy = LimitKind.SpendPerMonth;
                retryAfter = Spend.UntilNextMonth(now);
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
                _daySpend += spend;
                _monthSpend += spend;
                requests++;
                windowTokens += tokens;
                reservation = new UsageReservation(user, second, day, tokens) { Spend = spend, Month = month };
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
                DaySpendUsed = _daySpend,
                MonthSpendUsed = _monthSpend,
                MonthReset = Spend.UntilNextMonth(now),
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

        /// <summary>Replaces the reserved spend with the real cost, in the day and month that hold it (or the current ones).</summary>
        public void SettleSpend(UsageReservation reservation, long delta, long now)
        {
            if (delta == 0)
            {
                return;
            }

            if (_day == reservation.Day)
            {
                _daySpend = Math.Max(0, _daySpend + delta);
            }
            else if (delta > 0 && _day == now / UsageWindow.MillisecondsPerDay)
            {
                _daySpend += delta;
            }

            if (_month == reservation.Month)
            {
                _monthSpend = Math.Max(0, _monthSpend + delta);
            }
            else if (delta > 0 && _month == Spend.Month(now))
            {
                _monthSpend += delta;
            }
        }

        private static int Slot(long second) => (int)(((second % UsageWindow.Buckets) + UsageWindow.Buckets) % UsageWindow.Buckets);
    }
}
