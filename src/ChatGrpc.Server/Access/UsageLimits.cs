namespace ChatGrpc.Server.Access;

/// <summary>One user's limits; null for none.</summary>
internal readonly record struct UsageLimits(long? RequestsPerMinute, long? TokensPerMinute, long? TokensPerDay)
{
    public bool Any => RequestsPerMinute is not null || CountsTokens;

    /// <summary>True when a call's tokens must be estimated, reserved and settled.</summary>
    public bool CountsTokens => TokensPerMinute is not null || TokensPerDay is not null;
}
