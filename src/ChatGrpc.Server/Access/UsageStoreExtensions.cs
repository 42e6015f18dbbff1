namespace ChatGrpc.Server.Access;

/// <summary>The store's calls for a user without budgets: no spend reserved, none settled.</summary>
internal static class UsageStoreExtensions
{
    public static ValueTask<UsageDecision> ReserveAsync(this IUsageStore store, string user, UsageLimits limits, long tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReserveAsync(user, limits, tokens, 0, cancellationToken);
    }

    public static ValueTask SettleAsync(this IUsageStore store, UsageReservation reservation, long usedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reservation);
        return store.SettleAsync(reservation, usedTokens, reservation.Spend, cancellationToken);
    }
}
