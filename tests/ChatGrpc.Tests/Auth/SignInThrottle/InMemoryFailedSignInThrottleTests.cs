using System.Net;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Auth.SignInThrottle;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth.SignInThrottle;

public sealed class InMemoryFailedSignInThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.20");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Address_FirstFailuresAreFree_ThenDelayed_ThenLockedOut()
    {
        var throttle = CreateThrottle();

        var admissions = new List<SignInAdmission>();
        for (var i = 0; i < 11; i++)
        {
            admissions.Add(await throttle.AdmitAsync($"user{i}", Attacker, CancellationToken.None));
        }

        Assert.All(admissions[..5], admission => Assert.Equal(SignInAdmission.Now, admission));
        Assert.All(admissions[5..10], admission => Assert.Equal(SignInAdmission.After(TimeSpan.FromSeconds(1)), admission));
        Assert.Equal(SignInAdmission.Refused(TimeSpan.FromMinutes(1)), admissions[10]);
    }

    [Fact]
    public async Task Address_LockedOut_IsRefusedWithTheTimeLeft()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 11);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(SignInAdmission.Refused(TimeSpan.FromSeconds(40)), await throttle.AdmitAsync("anyone", Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Address_AfterALockout_GetsOneCheck_ThenLockoutsDoubleUpToTheMaximum()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 11);
        var lockouts = new List<TimeSpan> { TimeSpan.FromMinutes(1) };

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(lockouts[^1]);
            Assert.Equal(SignInAdmission.After(TimeSpan.FromSeconds(1)), await throttle.AdmitAsync("guess", Attacker, CancellationToken.None));
            var refusal = await throttle.AdmitAsync("guess", Attacker, CancellationToken.None);
            Assert.True(refusal.IsRefused);
            lockouts.Add(refusal.RetryAfter!.Value);
        }

        Assert.Equal([1, 2, 4, 8, 15, 15], lockouts.Select(lockout => lockout.TotalMinutes));
    }

    [Fact]
    public async Task Address_Success_TakesBackItsOwnFailureOnly()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 9);

        // An attacker's own valid account cannot wipe its count between guesses.
        await throttle.AdmitAsync("own-account", Attacker, CancellationToken.None);
        await throttle.RecordSuccessAsync("own-account", Attacker, CancellationToken.None);

        Assert.False((await throttle.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);
        Assert.True((await throttle.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task CheckNotRun_IsTakenBack_ForTheAddressAndTheUserName()
    {
        var throttle = CreateThrottle();

        // A client refused again and again because the queue is full is not locked out for it.
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Attacker, CancellationToken.None));
            await throttle.RecordNotCheckedAsync("alice", Attacker, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Address_FailuresAreForgottenAfterAQuietWindow()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 9);

        _time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("user", Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Address_LockoutIsRememberedForAWindowAfterItEnds()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 11);

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await throttle.AdmitAsync("guess", Attacker, CancellationToken.None);
        Assert.Equal(SignInAdmission.Refused(TimeSpan.FromMinutes(2)), await throttle.AdmitAsync("guess", Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task OtherAddresses_AreNotAffected()
    {
        var throttle = CreateThrottle();
        await FailAsync(throttle, Attacker, 11);

        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("user", Elsewhere, CancellationToken.None));
    }

    [Fact]
    public async Task Ipv6_IsCountedPerSlash64_AndMappedIpv4AsIpv4()
    {
        var throttle = CreateThrottle();
        for (var i = 0; i < 11; i++)
        {
            await throttle.AdmitAsync($"user{i}", IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"), CancellationToken.None);
        }

        Assert.True((await throttle.AdmitAsync("user", IPAddress.Parse("2001:db8:1:2:ffff::1"), CancellationToken.None)).IsRefused);
        Assert.False((await throttle.AdmitAsync("user", IPAddress.Parse("2001:db8:1:3::1"), CancellationToken.None)).IsRefused);

        await FailAsync(throttle, Attacker, 11);
        Assert.True((await throttle.AdmitAsync("user", Attacker.MapToIPv6(), CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task UserName_PastTheThreshold_IsRationedNeverLockedOut()
    {
        var throttle = CreateThrottle();

        // Ten addresses, one guess each: none is locked out, but the name has ten failures.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Address(i), CancellationToken.None));
        }

        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Address(10), CancellationToken.None));
        Assert.Equal(SignInAdmission.Refused(TimeSpan.FromSeconds(5)), await throttle.AdmitAsync("alice", Address(11), CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SignInAdmission.Refused(TimeSpan.FromSeconds(3)), await throttle.AdmitAsync("alice", Address(12), CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Address(13), CancellationToken.None));
        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("bob", Address(14), CancellationToken.None));
    }

    [Fact]
    public async Task RealUser_FromAnotherAddress_GetsInWhileTheAttackerIsLockedOut()
    {
        var throttle = CreateThrottle();

        // The attacker hammers alice from one address until it is locked out, and goes on hammering.
        for (var i = 0; i < 100; i++)
        {
            await throttle.AdmitAsync("alice", Attacker, CancellationToken.None);
        }

        var realUser = await throttle.AdmitAsync("alice", Elsewhere, CancellationToken.None);
        Assert.Equal(SignInAdmission.Now, realUser);
        await throttle.RecordSuccessAsync("alice", Elsewhere, CancellationToken.None);

        // Signed in: the name's failures are cleared, so alice's next new client is not rationed either.
        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", IPAddress.Parse("192.0.2.1"), CancellationToken.None));
        Assert.True((await throttle.AdmitAsync("alice", Attacker, CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task RealUser_WhileAttackersFromManyAddressesHammerTheName_GetsInWithinAnInterval()
    {
        var throttle = CreateThrottle();
        for (var i = 0; i < 30; i++)
        {
            await throttle.AdmitAsync("alice", Address(i), CancellationToken.None);
        }

        var first = await throttle.AdmitAsync("alice", Elsewhere, CancellationToken.None);
        Assert.True(first.IsRefused);
        Assert.True(first.RetryAfter <= TimeSpan.FromSeconds(5));

        _time.Advance(first.RetryAfter!.Value);
        Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync("alice", Elsewhere, CancellationToken.None));
    }

    [Fact]
    public async Task NoAddress_OnlyTheUserNameIsCounted()
    {
        var throttle = CreateThrottle();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SignInAdmission.Now, await throttle.AdmitAsync($"user{i}", null, CancellationToken.None));
        }

        Assert.Equal(0, throttle.AddressCount);
    }

    [Fact]
    public async Task Tables_StayWithinCapacity_AndKeepLockoutsOverQuietRecords()
    {
        var throttle = CreateThrottle(options => options.FailedSignInCapacity = 20);
        await FailAsync(throttle, Attacker, 11);

        for (var i = 0; i < 200; i++)
        {
            await throttle.AdmitAsync($"sprayed{i}", Address(i), CancellationToken.None);
            Assert.InRange(throttle.AddressCount, 1, 20);
            Assert.InRange(throttle.UserNameCount, 1, 20);
        }

        Assert.True((await throttle.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task Tables_WhenFull_DropForgottenRecordsFirst()
    {
        var throttle = CreateThrottle(options => options.FailedSignInCapacity = 10);
        await FailAsync(throttle, Attacker, 9);
        for (var i = 0; i < 9; i++)
        {
            await throttle.AdmitAsync("old", Address(i), CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        await throttle.AdmitAsync("guess", Attacker, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(6));

        await throttle.AdmitAsync("new", Elsewhere, CancellationToken.None);

        Assert.Equal(2, throttle.AddressCount);
        Assert.True((await throttle.AdmitAsync("guess", Attacker, CancellationToken.None)).IsRefused);
    }

    private static IPAddress Address(int i) => new([10, 1, (byte)(i / 250), (byte)(1 + (i % 250))]);

    private static async Task FailAsync(InMemoryFailedSignInThrottle throttle, IPAddress address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await throttle.AdmitAsync($"guess{i}", address, CancellationToken.None);
        }
    }

    private InMemoryFailedSignInThrottle CreateThrottle(Action<BasicAuthOptions>? configure = null)
    {
        var options = new BasicAuthOptions();
        configure?.Invoke(options);
        return new InMemoryFailedSignInThrottle(Options.Create(options), _time);
    }
}
