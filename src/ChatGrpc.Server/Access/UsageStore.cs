namespace ChatGrpc.Server.Access;

/// <summary>
/// Where usage is counted against <see cref="UsageLimits"/>: in this process (<see cref="MemoryUsageStore"/>) or in
/// Redis, shared by every instance (<see cref="Redis.RedisUsageStore"/>). Both keep the same windows:
/// <list type="bullet">
/// <item>per minute: one-second buckets, of which the last 61 count (the current, partial one included), so that no
/// 60-second window, wherever it starts, ever holds more than the limit;</item>
/// <item>per day: one counter per UTC day.</item>
/// </list>
/// Each reservation is checked and counted in one atomic step, so that concurrent calls, on one instance or many,
/// never together pass a limit.
/// </summary>
internal interface IUsageStore
{
    /// <summary>Counts one request and <paramref name="tokens"/> for <paramref name="user"/>, unless that would pass one of its limits.</summary>
    ValueTask<UsageDecision> ReserveAsync(string user, UsageLimits limits, long tokens, CancellationToken cancellationToken);

    /// <summary>Replaces a reservation's estimated tokens with what the call really used.</summary>
    ValueTask SettleAsync(UsageReservation reservation, long usedTokens, CancellationToken cancellationToken);
}

/// <summary>Which limit refused a call.</summary>
internal enum LimitKind
{
    RequestsPerMinute = 1,
    TokensPerMinute = 2,
    TokensPerDay = 3,
}

/// <summary>What was counted for a granted call, for settling it later.</summary>
/// <param name="Second">The Unix second whose bucket holds the reservation.</param>
/// <param name="Day">The UTC day (days since the Unix epoch) whose counter holds it.</param>
internal sealed record UsageReservation(string User, long Second, long Day, long Tokens)
{
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

    /// <summary>When refused: until enough usage has left the window for this call to fit.</summary>
    public TimeSpan RetryAfter { get; init; }

    public bool Granted => RefusedBy is null;
}
