using System.Collections.Frozen;

namespace ChatGrpc.Server.Access;

/// <summary>The access settings as one immutable value, resolved per user once, when they are loaded.</summary>
internal sealed class AccessPolicy
{
    private readonly FrozenDictionary<string, UserAccess> _users;

    public AccessPolicy(AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fallback = options.Default;
        Default = new UserAccess(fallback.Models, new UsageLimits(fallback.RequestsPerMinute, fallback.TokensPerMinute, fallback.TokensPerDay)
        {
            SpendPerDay = Budget(fallback.SpendPerDay),
            SpendPerMonth = Budget(fallback.SpendPerMonth),
        });
        _users = options.Users.ToFrozenDictionary(
            user => user.Key,
            user => new UserAccess(
                user.Value.Models.Count > 0 ? user.Value.Models : fallback.Models,
                new UsageLimits(
                    user.Value.RequestsPerMinute ?? fallback.RequestsPerMinute,
                    user.Value.TokensPerMinute ?? fallback.TokensPerMinute,
                    user.Value.TokensPerDay ?? fallback.TokensPerDay)
                {
                    SpendPerDay = Budget(user.Value.SpendPerDay ?? fallback.SpendPerDay),
                    SpendPerMonth = Budget(user.Value.SpendPerMonth ?? fallback.SpendPerMonth),
                }),
            StringComparer.Ordinal);
        DefaultCompletionTokenReservation = options.DefaultCompletionTokenReservation;
    }

    /// <summary>A user without an entry of its own.</summary>
    public UserAccess Default { get; }

    public int DefaultCompletionTokenReservation { get; }

    private static long? Budget(decimal? dollars) => dollars is { } value ? Spend.Nanodollars(value) : null;

    public UserAccess For(string user) => _users.GetValueOrDefault(user) ?? Default;
}
