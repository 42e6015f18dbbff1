using System.Net;
using System.Text;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

public sealed class BasicAuthenticatorThrottlingTests : IDisposable
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.20");

    private readonly CountingPasswordHasher _hasher = new();
    private readonly FakeTimeProvider _time = new();
    private readonly BasicAuthenticator _authenticator;

    public BasicAuthenticatorThrottlingTests()
    {
        // No delay phase, so that each failure completes at once; the delay has a test of its own.
        var options = new BasicAuthOptions { FailuresBeforeDelay = 10, FailuresBeforeLockout = 10 };
        options.Users["alice"] = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash(Encoding.UTF8.GetBytes("alice-password")).Encode();
        _authenticator = new BasicAuthenticator(Options.Create(options), _hasher, _time);
    }

    [Fact]
    public async Task LockedOutAddress_IsThrottledWithoutADerivation()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(AuthenticationResult.IncorrectCredentials, await AuthenticateAsync("alice", $"guess{i}", Attacker));
        }

        var refused = await AuthenticateAsync("alice", "guess10", Attacker);
        var refusedForOthers = await AuthenticateAsync("bob", "guess", Attacker);

        Assert.Equal(AuthenticationResult.Throttled(TimeSpan.FromMinutes(1)), refused);
        Assert.Equal(AuthenticationOutcome.Throttled, refusedForOthers.Outcome);
        Assert.Equal(10, _hasher.Verifications);
    }

    [Fact]
    public async Task LockedOutAddress_IsThrottledEvenForTheRightPassword()
    {
        await FailAsync(Attacker, 11);

        Assert.Equal(AuthenticationOutcome.Throttled, (await AuthenticateAsync("alice", "alice-password", Attacker)).Outcome);
    }

    [Fact]
    public async Task CachedCredential_IsNeverThrottled_EvenFromALockedOutAddress()
    {
        Assert.True((await AuthenticateAsync("alice", "alice-password", Attacker)).IsAuthenticated);
        await FailAsync(Attacker, 11);

        var result = _authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password"), Attacker, CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(AuthenticationResult.Authenticated("alice"), await result);
    }

    [Fact]
    public async Task RealUser_FromAnotherAddress_SignsInWhileTheAttackerIsLockedOut()
    {
        for (var i = 0; i < 100; i++)
        {
            await AuthenticateAsync("alice", $"guess{i}", Attacker);
        }

        Assert.Equal(AuthenticationResult.Authenticated("alice"), await AuthenticateAsync("alice", "alice-password", Elsewhere));
        Assert.Equal(11, _hasher.Verifications);
    }

    [Fact]
    public async Task UnknownUser_IsThrottledExactlyLikeAKnownOne()
    {
        var known = new List<AuthenticationResult>();
        var unknown = new List<AuthenticationResult>();
        for (var i = 0; i < 13; i++)
        {
            known.Add(await AuthenticateAsync("alice", $"guess{i}", Attacker));
            unknown.Add(await AuthenticateAsync("mallory", $"guess{i}", Elsewhere));
        }

        Assert.Equal(known, unknown);
        Assert.Equal(AuthenticationOutcome.Throttled, known[^1].Outcome);
    }

    [Fact]
    public async Task PastTheFreeFailures_AChecksWaitsTheDelayBeforeDeriving()
    {
        var options = new BasicAuthOptions();
        using var authenticator = new BasicAuthenticator(Options.Create(options), _hasher, _time);
        for (var i = 0; i < 5; i++)
        {
            await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", $"guess{i}"), Attacker, CancellationToken.None);
        }

        var delayed = authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "guess5"), Attacker, CancellationToken.None).AsTask();

        await Task.Delay(100);
        Assert.False(delayed.IsCompleted);
        Assert.Equal(5, _hasher.Verifications);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AuthenticationResult.IncorrectCredentials, await delayed);
        Assert.Equal(6, _hasher.Verifications);
    }

    public void Dispose() => _authenticator.Dispose();

    private async Task FailAsync(IPAddress address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await AuthenticateAsync("alice", $"guess{i}", address);
        }
    }

    private ValueTask<AuthenticationResult> AuthenticateAsync(string user, string password, IPAddress address) =>
        _authenticator.AuthenticateAsync(AuthTestCredentials.Basic(user, password), address, CancellationToken.None);
}
