using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Access.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// The two stores behind <see cref="IUsageStore"/> held to each other: the same seeded run of reservations and
/// settlements, against the same limits, gets the same decisions and counts from the in-memory store and from Redis's
/// script. (The in-memory store's windows over time are tested on a fake clock in the unit tests.)
/// </summary>
public sealed class UsageStoreDifferentialTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task SeededRun_GetsTheSameDecisionsFromMemoryAndRedis()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString }).Build();
        using var connection = new RedisConnection(configuration, Options.Create(new AccessOptions { RedisKeyPrefix = SharedLimitsSettings.NewKeyPrefix() }), NullLogger<RedisConnection>.Instance);
        var stores = new IUsageStore[] { new MemoryUsageStore(TimeProvider.System), new RedisUsageStore(connection) };
        // ann runs into her tokens per minute, ben into his daily tokens, cy into his requests per minute.
        var limits = new Dictionary<string, UsageLimits>
        {
            ["ann"] = new(RequestsPerMinute: 100, TokensPerMinute: 5000, TokensPerDay: null),
            ["ben"] = new(RequestsPerMinute: 100, TokensPerMinute: null, TokensPerDay: 3000),
            ["cy"] = new(RequestsPerMinute: 10, TokensPerMinute: null, TokensPerDay: null),
        };
        var random = new Random(20261127);
        var reservations = new List<UsageReservation>[] { [], [] };
        var granted = 0;
        var refusals = new HashSet<LimitKind>();

        for (var step = 0; step < 300; step++)
        {
            var settle = random.Next(3) == 0 && reservations[0].Count > 0;
            if (settle)
            {
                var index = random.Next(reservations[0].Count);
                var used = random.Next(0, 400);
                for (var s = 0; s < stores.Length; s++)
                {
                    await stores[s].SettleAsync(reservations[s][index], used, CancellationToken.None);
                    reservations[s].RemoveAt(index);
                }

                continue;
            }

            var user = limits.Keys.ElementAt(random.Next(limits.Count));
            var tokens = random.Next(0, 600);
            var decisions = new UsageDecision[stores.Length];
            for (var s = 0; s < stores.Length; s++)
            {
                decisions[s] = await stores[s].ReserveAsync(user, limits[user], tokens, CancellationToken.None);
                if (decisions[s].Reservation is { } reservation)
                {
                    reservations[s].Add(reservation);
                }
            }

            Assert.Equal(
                (decisions[0].RefusedBy, decisions[0].RequestsUsed, decisions[0].TokensUsed, decisions[0].DayTokensUsed),
                (decisions[1].RefusedBy, decisions[1].RequestsUsed, decisions[1].TokensUsed, decisions[1].DayTokensUsed));
            granted += decisions[0].Granted ? 1 : 0;
            if (decisions[0].RefusedBy is { } kind)
            {
                refusals.Add(kind);
                Assert.InRange(decisions[1].RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
            }
        }

        // The run reached every limit, and granted calls in between.
        Assert.InRange(granted, 20, 80);
        Assert.Equal([LimitKind.RequestsPerMinute, LimitKind.TokensPerMinute, LimitKind.TokensPerDay], refusals.Order());
    }

    [Fact]
    public async Task SeededRunWithBudgets_GetsTheSameDecisionsAndSpendFromMemoryAndRedis()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString }).Build();
        using var connection = new RedisConnection(configuration, Options.Create(new AccessOptions { RedisKeyPrefix = SharedLimitsSettings.NewKeyPrefix() }), NullLogger<RedisConnection>.Instance);
        var stores = new IUsageStore[] { new MemoryUsageStore(TimeProvider.System), new RedisUsageStore(connection) };
        // dee runs into her daily budget, eli into his monthly one; both in nanodollars, as the stores count them.
        var limits = new Dictionary<string, UsageLimits>
        {
            ["dee"] = new(RequestsPerMinute: null, TokensPerMinute: null, TokensPerDay: null) { SpendPerDay = 40_000_000 },
            ["eli"] = new(RequestsPerMinute: null, TokensPerMinute: null, TokensPerDay: null) { SpendPerMonth = 60_000_000 },
        };
        var random = new Random(20261206);
        var reservations = new List<UsageReservation>[] { [], [] };
        var granted = 0;
        var refusals = new HashSet<LimitKind>();

        for (var step = 0; step < 200; step++)
        {
            if (random.Next(3) == 0 && reservations[0].Count > 0)
            {
                var index = random.Next(reservations[0].Count);
                var spent = random.Next(0, 3_000_000);
                for (var s = 0; s < stores.Length; s++)
                {
                    await stores[s].SettleAsync(reservations[s][index], 0, spent, CancellationToken.None);
                    reservations[s].RemoveAt(index);
                }

                continue;
            }

            var user = limits.Keys.ElementAt(random.Next(limits.Count));
            var spend = random.Next(0, 4_000_000);
            var decisions = new UsageDecision[stores.Length];
            for (var s = 0; s < stores.Length; s++)
            {
                decisions[s] = await stores[s].ReserveAsync(user, limits[user], 0, spend, CancellationToken.None);
                if (decisions[s].Reservation is { } reservation)
                {
                    reservations[s].Add(reservation);
                }
            }

            Assert.Equal(
                (decisions[0].RefusedBy, decisions[0].DaySpendUsed, decisions[0].MonthSpendUsed, decisions[0].Reservation?.Month),
                (decisions[1].RefusedBy, decisions[1].DaySpendUsed, decisions[1].MonthSpendUsed, decisions[1].Reservation?.Month));
            Assert.InRange(decisions[0].MonthReset - decisions[1].MonthReset, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(2));
            granted += decisions[0].Granted ? 1 : 0;
            if (decisions[0].RefusedBy is { } kind)
            {
                refusals.Add(kind);
            }
        }

        Assert.InRange(granted, 20, 120);
        Assert.Equal([LimitKind.SpendPerDay, LimitKind.SpendPerMonth], refusals.Order());
    }
}
