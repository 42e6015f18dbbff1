namespace ChatGrpc.Server.Access;

/// <summary>
/// Where usage is counted against <see cref="UsageLimits"/>: in this process (<see cref="MemoryUsageStore"/>) or in
/// Redis, shared by every instance (<see cref="Redis.RedisUsageStore"/>). Both keep the same windows:
/// <list type="bullet">
/// <item>per minute: one-second buckets, of which the last 61 count (the current, partial one included), so that no
/// 60-second window, wherever it starts, ever holds more than the limit;</item>
/// <item>per day: one counter per UTC day;</item>
/// <item>spend (budgets): one counter per UTC day and one per UTC calendar month, in nanodollars.</item>
/// </list>
/// Each reservation is checked and counted in one atomic step, so that concurrent calls, on one instance or many,
/// never together pass a limit.
/// </summary>
internal interface IUsageStore
{
    /// <summary>
    /// Counts one request, <paramref name="tokens"/> and <paramref name="spend"/> (nanodollars) for <paramref name="user"/>,
    /// unless that would pass one of its limits, or its spend already reached a budget.
    /// </summary>
    ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, long spend, CancellationToken cancellationToken);

    /// <summary>Replaces a reservation's estimated tokens and spend with what the call really used and cost.</summary>
    ValueTask SettleAsync(UsageReservation reservation, long usedTokens, long usedSpend, CancellationToken cancellationToken);
}

/// <summary>Which limit refused a call.</summary>
internal enum LimitKind
{
    RequestsPerMinute = 1,
    TokensPerMinute = 2,
    TokensPerDay = 3,
    SpendPerDay = 4,
    SpendPerMonth = 5,
}

/// <summary>What was counted for a granted call, for settling it later.</summary>
/// <param name="Second">The Unix second whose bucket holds the reservation.</param>
/// <param name="Day">The UTC day (days since the Unix epoch) whose counter holds it.</param>
internal sealed record UsageReservation(string User, long Second, long Day, long Tokens)
{
    /// <summary>The estimated cost reserved, in nanodollars.</summary>
    public long Spend { get; init; }

    /// <summary>The UTC calendar month (months since January 1970) whose spend counter holds it.</summary>
    public long Month { get; init; }

    /// <summary>Counted in this instance's memory while Redis was unreachable, and settled there.</summary>
    public bool InMemory { get; init; }
}

/// <summary>
/// A store's answer: granted (with the <see cref="Reservation"/>) or refused by <see cref="RefusedBy"/>; and in both
/// cases the usage it saw, the reservation included when granted, for the rate-limit headers.
/// </summary>
internal readonly record struct UsageDecision
{
    public LimitKind? RefusedBy { get; init; }

    public UsageReservation? Reservation { get; init; }

    /// <summary>Requests in the current 60-second window.</summary>
    public long RequestsUsed { get; init; }

    /// <summary>Tokens in the current 60-second window.</summary>
    public long TokensUsed { get; init; }

    /// <summary>Tokens today (UTC).</summary>
    public long DayTokensUsed { get; init; }

    /// <summary>Until the minute's requests are all out of the window.</summary>
    public TimeSpan RequestsReset { get; init; }

    /// <summary>Until the minute's tokens are all out of the window.</summary>
    public TimeSpan TokensReset { get; init; }

    /// <summary>Until the next UTC day.</summary>
    public TimeSpan DayReset { get; init; }

    /// <summary>Spend today (UTC), in nanodollars, in-flight estimates included.</summary>
    public long DaySpendUsed { get; init; }

    /// <summary>Spend this UTC calendar month, in nanodollars, in-flight estimates included.</summary>
    public long MonthSpendUsed { get; init; }

    /// <summary>Until the next UTC calendar month.</summary>
    public TimeSpan MonthReset { get; init; }

    /// <summary>When refused: until enough usage has left the window for this call to fit.</summary>
    public TimeSpan RetryAfter { get; init; }

    public bool Granted => RefusedBy is null;
}
