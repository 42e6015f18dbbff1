using System.Diagnostics;
using System.Net;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Access.Redis;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Auth.SignInThrottle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatGrpc.IntegrationTests.Auth.SignInThrottle;

/// <summary>
/// <see cref="RedisFailedSignInThrottle"/> against a real Redis, as two gateways would use it: two throttles, each with
/// a connection of its own, and one Redis. Each test has a key prefix of its own. Times are Redis's, so the tests wait
/// for real, never longer than a lockout of a few hundred milliseconds.
/// </summary>
public sealed class RedisFailedSignInThrottleTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.20");

    private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
    private readonly List<RedisConnection> _connections = [];

    [Fact]
    public async Task FailuresSpreadOverTwoInstances_CountOnce_AndLockTheAddressOutOnBoth()
    {
        var (first, firstLog) = CreateThrottle(Small);
        var (second, _) = CreateThrottle(Small);

        var admissions = new List<SignInAdmission>();
        for (var i = 0; i < 5; i++)
        {
            admissions.Add(await (i % 2 == 0 ? first : second).AdmitAsync($"user{i}", Attacker, CancellationToken.None));
        }

        var delayed = SignInAdmission.After(TimeSpan.FromSeconds(1));
        Assert.Equal([SignInAdmission.Now, SignInAdmission.Now, delayed, delayed, SignInAdmission.Refused(TimeSpan.FromMinutes(1))], admissions);
        var onTheOther = await second.AdmitAsync("anyone", Attacker, CancellationToken.None);
        Assert.InRange(onTheOther.RetryAfter!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        Assert.Equal(SignInAdmission.Now, await second.AdmitAsync("anyone", Elsewhere, CancellationToken.None));

        var lockout = Assert.Single(firstLog.Collector.GetSnapshot(), record => record.Id.Id == 103);
        Assert.Contains(Attacker.ToString(), lockout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserNameRationing_IsShared_AndLoggedOncePerWave()
    {
        var (first, firstLog) = CreateThrottle(Small);
        var (second, secondLog) = CreateThrottle(Small);

        // Four addresses, one guess each, over both instances: none is locked out, but the name has four failures.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInAdmission.Now, await (i % 2 == 0 ? first : second).AdmitAsync("alice", Address(i), CancellationToken.None));
        }

        Assert.Equal(SignInAdmission.Now, await first.AdmitAsync("alice", Address(4), CancellationToken.None));
        var refused = await second.AdmitAsync("alice", Address(5), CancellationToken.None);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.True((await first.AdmitAsync("alice", Address(6), CancellationToken.None)).IsRefused);
        Assert.Equal(SignInAdmission.Now, await second.AdmitAsync("bob", Address(7), CancellationToken.None));

        var rationed = firstLog.Collector.GetSnapshot().Concat(secondLog.Collector.GetSnapshot()).Where(record => record.Id.Id == 104).ToList();
        Assert.Single(rationed);
        Assert.DoesNotContain("alice", rationed[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_TakesBackItsOwnFailureOnly_AndClearsTheUserNameOnEveryInstance()
    {
        var (first, _) = CreateThrottle(Small);
        var (second, _) = CreateThrottle(Small);
        for (var i = 0; i < 4; i++)
        {
            await first.AdmitAsync("alice", Address(i), CancellationToken.None);
        }

        await first.AdmitAsync("guess", Attacker, CancellationToken.None);
        await first.AdmitAsync("guess", Attacker, CancellationToken.None);
        await first.AdmitAsync("guess", Attacker, CancellationToken.None);

        // An attacker's own valid account cannot wipe its address's count between guesses, on either instance.
        Assert.False((await second.AdmitAsync("own-account", Attacker, CancellationToken.None)).IsRefused);
        await second.RecordSuccessAsync("own-account", Attacker, CancellationToken.None);
        Assert.False((await first.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);
        Assert.True((await second.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);

        // alice signs in through the second instance: the first no longer rations her name.
        Assert.Equal(SignInAdmission.Now, await second.AdmitAsync("alice", Elsewhere, CancellationToken.None));
        await second.RecordSuccessAsync("alice", Elsewhere, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SignInAdmission.Now, await first.AdmitAsync("alice", Address(10 + i), CancellationToken.None));
        }
    }

    [Fact]
    public async Task CheckNotRun_IsTakenBack_ForTheAddressAndTheUserName()
    {
        var (first, _) = CreateThrottle(Small);
        var (second, _) = CreateThrottle(Small);

        // A client refused again and again because the queues are full is not locked out for it.
        for (var i = 0; i < 20; i++)
        {
            var throttle = i % 2 == 0 ? first : second;
            Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Attacker, CancellationToken.None));
            await throttle.RecordNotCheckedAsync("alice", Attacker, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Lockouts_DoubleUpToTheMaximum_WhicheverInstanceIsAsked()
    {
        void Quick(BasicAuthOptions options)
        {
            Small(options);
            options.LockoutDuration = TimeSpan.FromMilliseconds(150);
            options.MaxLockoutDuration = TimeSpan.FromMilliseconds(500);
        }

        var (first, _) = CreateThrottle(Quick);
        var (second, _) = CreateThrottle(Quick);

        // A new name each time, so that only the address is throttled (a name would be rationed after four).
        var guesses = 0;
        Task<SignInAdmission> GuessAsync(RedisFailedSignInThrottle throttle) =>
            throttle.AdmitAsync($"guess{guesses++}", Attacker, CancellationToken.None).AsTask();

        for (var i = 0; i < 4; i++)
        {
            await GuessAsync(first);
        }

        var lockouts = new List<TimeSpan> { (await GuessAsync(second)).RetryAfter!.Value };
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(lockouts[^1] + TimeSpan.FromMilliseconds(50));
            Assert.False((await GuessAsync(first)).IsRefused);
            lockouts.Add((await GuessAsync(second)).RetryAfter!.Value);
        }

        Assert.Equal([150, 300, 500, 500], lockouts.Select(lockout => lockout.TotalMilliseconds));
    }

    [Fact]
    public async Task Keys_HoldNoUserName_ExpireWhenForgotten_AndCountIpv6PerSlash64()
    {
        void ShortWindow(BasicAuthOptions options)
        {
            Small(options);
            options.FailedSignInWindow = TimeSpan.FromSeconds(1);
        }

        var (first, _) = CreateThrottle(ShortWindow);
        var (second, _) = CreateThrottle(ShortWindow);
        await first.AdmitAsync("alice", IPAddress.Parse("2001:db8:1:2::1"), CancellationToken.None);
        await second.AdmitAsync("alice", IPAddress.Parse("2001:db8:1:2:ffff::1"), CancellationToken.None);

        var database = _connections[0].Database;
        var keys = Keys();
        Assert.Equal(2, keys.Count);
        Assert.Contains($"{_prefix}signin:address:2001:db8:1:2::", keys);
        var user = Assert.Single(keys, key => key.StartsWith($"{_prefix}signin:user:", StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{32}$", user[$"{_prefix}signin:user:".Length..]);
        Assert.Equal(2, (long)await database.HashGetAsync($"{_prefix}signin:address:2001:db8:1:2::", "f"));
        foreach (var key in keys)
        {
            Assert.InRange(await database.KeyTimeToLiveAsync(key) ?? TimeSpan.MaxValue, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        }

        var clock = Stopwatch.StartNew();
        while (Keys().Count > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "The keys outlived their window.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task LockedOutAddress_IsKeptForTheLockoutAndAWindowAfterIt()
    {
        var (first, _) = CreateThrottle(Small);
        for (var i = 0; i < 5; i++)
        {
            await first.AdmitAsync("guess", Attacker, CancellationToken.None);
        }

        var ttl = await _connections[0].Database.KeyTimeToLiveAsync($"{_prefix}signin:address:{Attacker}");
        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task RedisStopped_FallsBackToMemory_StillThrottles_AndSharesAgainWhenItAnswers()
    {
        var outage = new RedisServer();
        await outage.InitializeAsync();
        try
        {
            var (throttle, log) = CreateThrottle(Small, outage);
            var connection = _connections[^1];
            Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Elsewhere, CancellationToken.None));

            outage.Stop();
            var admissions = new List<SignInAdmission>();
            for (var i = 0; i < 5; i++)
            {
                admissions.Add(await throttle.AdmitAsync($"user{i}", Attacker, CancellationToken.None));
            }

            Assert.Equal(SignInAdmission.Refused(TimeSpan.FromMinutes(1)), admissions[^1]);
            Assert.True(throttle.IsFailing);
            Assert.Single(log.Collector.GetSnapshot(), record => record.Id.Id == 410);

            await outage.StartAsync();
            var clock = Stopwatch.StartNew();
            // The connection comes back in the background; a call may still fall back to memory until it has.
            IPAddress asked;
            for (var attempt = 0; ; attempt++)
            {
                // A fresh address each time, so that attempts that fell back do not throttle the next.
                asked = Address(100 + attempt);
                Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync($"bob{attempt}", asked, CancellationToken.None));
                if (!throttle.IsFailing)
                {
                    break;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "Redis was not used again.");
                await Task.Delay(50);
            }

            Assert.True(await connection.Database.KeyExistsAsync($"{_prefix}signin:address:{asked}"));
            Assert.Single(log.Collector.GetSnapshot(), record => record.Id.Id == 410);
            Assert.Single(log.Collector.GetSnapshot(), record => record.Id.Id == 411);
        }
        finally
        {
            await outage.DisposeAsync();
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    // Four failures to a lockout, as in the end-to-end test; the other settings are the defaults.
    private static void Small(BasicAuthOptions options)
    {
        options.FailuresBeforeDelay = 2;
        options.FailuresBeforeLockout = 4;
    }

    [Fact]
    public async Task SignInHashKey_KeysTheUserNames_SoInstancesWithTheSameSecretShare_AndOthersDoNot()
    {
        var (first, _) = CreateThrottle(Small, signInHashKey: "shared secret");
        var (second, _) = CreateThrottle(Small, signInHashKey: "shared secret");
        var (unkeyed, _) = CreateThrottle(Small);

        await first.AdmitAsync("alice", Address(40), CancellationToken.None);
        var keyed = Keys().Where(key => key.Contains("signin:user:", StringComparison.Ordinal)).ToList();
        await second.AdmitAsync("alice", Address(41), CancellationToken.None);
        var afterSecond = Keys().Where(key => key.Contains("signin:user:", StringComparison.Ordinal)).ToList();
        await unkeyed.AdmitAsync("alice", Address(42), CancellationToken.None);
        var afterUnkeyed = Keys().Where(key => key.Contains("signin:user:", StringComparison.Ordinal)).ToList();

        Assert.Single(keyed);
        Assert.Equal(keyed, afterSecond);
        Assert.Equal(2, afterUnkeyed.Count);
        Assert.DoesNotContain(afterUnkeyed, key => key.Contains("alice", StringComparison.Ordinal));
    }

    private static IPAddress Address(int i) => new([10, 1, 0, (byte)(1 + i)]);

    private List<string> Keys() =>
        _connections[0].Multiplexer.GetServer(redis.ConnectionString).Keys(pattern: _prefix + "*").Select(key => key.ToString()).ToList();

    private (RedisFailedSignInThrottle Throttle, FakeLogger<RedisFailedSignInThrottle> Log) CreateThrottle(Action<BasicAuthOptions> configure, RedisServer? server = null, string? signInHashKey = null)
    {
        var settings = new BasicAuthOptions();
        configure(settings);
        var options = Options.Create(settings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = (server ?? redis).ConnectionString })
            .Build();
        var connection = new RedisConnection(configuration, Options.Create(new AccessOptions { RedisKeyPrefix = _prefix }), NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        var log = new FakeLogger<RedisFailedSignInThrottle>();
        return (new RedisFailedSignInThrottle(connection, new InMemoryFailedSignInThrottle(options, TimeProvider.System), options, log, Options.Create(new AccessOptions { SignInHashKey = signInHashKey })), log);
    }
}
