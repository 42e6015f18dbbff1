using StackExchange.Redis;

namespace ChatGrpc.Server.Access.Redis;

/// <summary>
/// <see cref="IUsageStore"/> in Redis, shared exactly by every instance: each reservation and each settlement is one
/// Lua script, so one round trip and atomic (see <c>reserve-usage.lua</c>, <c>settle-usage.lua</c>). Keys carry the
/// user in a hash tag (<c>{user}</c>), so that one user's keys share a cluster slot.
/// </summary>
/// <exception cref="RedisConnectionException">Redis is unreachable (also <see cref="RedisTimeoutException"/>).</exception>
internal sealed class RedisUsageStore(RedisConnection redis, TimeProvider? timeProvider = null) : IUsageStore
{
    private static readonly string s_reserveScript = RedisConnection.ReadScript("reserve-usage");
    private static readonly string s_settleScript = RedisConnection.ReadScript("settle-usage");

    public async ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, long spend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await redis.Database.ScriptEvaluateAsync(
            s_reserveScript,
            Keys(user),
            [limits.RequestsPerMinute ?? 0, limits.TokensPerMinute ?? 0, limits.TokensPerDay ?? 0, tokens, limits.SpendPerDay ?? 0, limits.SpendPerMonth ?? 0, spend]).ConfigureAwait(false);
        var values = (long[])result!;
        var refused = values[0] == 0 ? (LimitKind?)null : (LimitKind)values[0];
        return new UsageDecision
        {
            RefusedBy = refused,
            Reservation = refused is null ? new UsageReservation(user, values[1], values[2], tokens) { Spend = spend, Month = values[10] } : null,
            RequestsUsed = values[3],
            TokensUsed = values[4],
            DayTokensUsed = values[5],
            RetryAfter = Milliseconds(values[6]),
            RequestsReset = Milliseconds(values[7]),
            TokensReset = Milliseconds(values[8]),
            DayReset = Milliseconds(values[9]),
            DaySpendUsed = values[11],
            MonthSpendUsed = values[12],
            MonthReset = Milliseconds(values[13]),
        };
    }

    public async ValueTask SettleAsync(UsageReservation reservation, long usedTokens, long usedSpend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var delta = Math.Max(0, usedTokens) - reservation.Tokens;
        var spendDelta = Math.Max(0, usedSpend) - reservation.Spend;
        if (delta == 0 && spendDelta == 0)
        {
            return;
        }

        var currentMonth = Spend.Month((timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds());
        await redis.Database.ScriptEvaluateAsync(s_settleScript, Keys(reservation.User), [reservation.Second, reservation.Day, delta, spendDelta, reservation.Month, currentMonth]).ConfigureAwait(false);
    }

    private RedisKey[] Keys(string user) =>
    [
        $"{redis.KeyPrefix}usage:{{{user}}}:minute",
        $"{redis.KeyPrefix}usage:{{{user}}}:day:",
        $"{redis.KeyPrefix}usage:{{{user}}}:spend:day:",
        $"{redis.KeyPrefix}usage:{{{user}}}:spend:month:",
    ];

    private static TimeSpan Milliseconds(long value) => TimeSpan.FromMilliseconds(Math.Max(0, value));
}
