namespace ChatGrpc.Server.Access;

/// <summary>One user's limits; null for none. Budgets are in nanodollars (10⁻⁹ USD), so that stores count whole numbers.</summary>
internal readonly record struct UsageLimits(long? RequestsPerMinute, long? TokensPerMinute, long? TokensPerDay)
{
    /// <summary>The most a user may spend per UTC day, in nanodollars.</summary>
    public long? SpendPerDay { get; init; }

    /// <summary>The most a user may spend per UTC calendar month, in nanodollars.</summary>
    public long? SpendPerMonth { get; init; }

    public bool Any => RequestsPerMinute is not null || CountsTokens || CountsSpend;

    /// <summary>True when a call's cost must be estimated, reserved and settled.</summary>
    public bool CountsSpend => SpendPerDay is not null || SpendPerMonth is not null;

    /// <summary>True when a call's tokens must be estimated, reserved and settled.</summary>
    public bool CountsTokens => TokensPerMinute is not null || TokensPerDay is not null;
}
