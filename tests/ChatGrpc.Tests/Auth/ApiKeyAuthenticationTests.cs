using System.Net;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

/// <summary><see cref="BasicAuthenticator"/> given <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    private readonly string _key = ApiKey.Create();
    private readonly string _expiringKey = ApiKey.Create();
    private readonly CountingPasswordHasher _hasher = new();
    private readonly FakeTimeProvider _time = new(Expiry.AddDays(-1));

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER   ")]
    public async Task ConfiguredKey_AuthenticatesItsUser_WithTheKeyName_AndNoPasswordCheck(string scheme)
    {
        using var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(scheme + _key);

        Assert.Equal(AuthenticationOutcome.Authenticated, result.Outcome);
        Assert.Equal("alice", result.UserName);
        Assert.Equal("ci", result.KeyName);
        Assert.True(result.IsApiKey);
        Assert.Equal(0, _hasher.Verifications);
    }

    [Theory]
    [InlineData("Bearer sk-123")]
    [InlineData("Bearer cgk_")]
    [InlineData("Bearer cgk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AnyOtherToken_IsAnIncorrectApiKey(string authorization)
    {
        using var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(authorization);

        Assert.Equal(AuthenticationResult.IncorrectApiKey, result);
        Assert.Equal(0, _hasher.Verifications);
    }

    [Fact]
    public async Task LongToken_IsIncorrect()
    {
        using var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync("Bearer " + _key + new string('A', 10_000));

        Assert.Equal(AuthenticationResult.IncorrectApiKey, result);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer    ")]
    public async Task BearerWithoutAToken_IsMalformed(string authorization)
    {
        using var authenticator = CreateAuthenticator();

        Assert.Equal(AuthenticationResult.MalformedCredentials, await authenticator.AuthenticateAsync(authorization));
    }

    [Fact]
    public async Task KeyAndBasicTogether_AreMalformed()
    {
        using var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(new Microsoft.Extensions.Primitives.StringValues(["Bearer " + _key, AuthTestCredentials.Basic("alice", "alice-password")]));

        Assert.Equal(AuthenticationResult.MalformedCredentials, result);
    }

    [Fact]
    public async Task ExpiringKey_WorksUntilItsExpiry_ThenNotAtTheInstantItself()
    {
        using var authenticator = CreateAuthenticator();

        var before = await authenticator.AuthenticateAsync("Bearer " + _expiringKey);
        _time.SetUtcNow(Expiry.AddTicks(-1));
        var justBefore = await authenticator.AuthenticateAsync("Bearer " + _expiringKey);
        _time.SetUtcNow(Expiry);
        var at = await authenticator.AuthenticateAsync("Bearer " + _expiringKey);

        Assert.Equal("expiring", before.KeyName);
        Assert.Equal("expiring", justBefore.KeyName);
        Assert.Equal(AuthenticationResult.IncorrectApiKey, at);
    }

    [Fact]
    public async Task WrongKeys_AreFailedSignIns_LockingTheAddressOut_ButNotAConfiguredKey()
    {
        using var authenticator = CreateAuthenticator(options =>
        {
            options.FailuresBeforeDelay = 3;
            options.FailuresBeforeLockout = 3;
        });
        _time.SetUtcNow(Expiry);

        var failures = new List<AuthenticationResult>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add(await authenticator.AuthenticateAsync("Bearer " + (i == 0 ? _expiringKey : ApiKey.Create()), Client, CancellationToken.None));
        }

        var locked = await authenticator.AuthenticateAsync("Bearer " + ApiKey.Create(), Client, CancellationToken.None);
        var password = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password"), Client, CancellationToken.None);
        var elsewhere = await authenticator.AuthenticateAsync("Bearer " + ApiKey.Create(), IPAddress.Parse("198.51.100.8"), CancellationToken.None);
        var configured = await authenticator.AuthenticateAsync("Bearer " + _key, Client, CancellationToken.None);

        Assert.All(failures, failure => Assert.Equal(AuthenticationResult.IncorrectApiKey, failure));
        Assert.Equal(AuthenticationOutcome.Throttled, locked.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), locked.RetryAfter);
        Assert.Equal(AuthenticationOutcome.Throttled, password.Outcome);
        Assert.Equal(AuthenticationResult.IncorrectApiKey, elsewhere);
        Assert.Equal("ci", configured.KeyName);
        Assert.Equal(0, _hasher.Verifications);
    }

    [Fact]
    public async Task OneStaleKeyRetried_IsRationedLikeAUserName_FromAnyAddress()
    {
        using var authenticator = CreateAuthenticator(options =>
        {
            options.FailuresBeforeDelay = 3;
            options.FailuresBeforeLockout = 3;
        });
        var stale = ApiKey.Create();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AuthenticationResult.IncorrectApiKey, await authenticator.AuthenticateAsync("Bearer " + stale, IPAddress.Parse($"198.51.100.{10 + i}"), CancellationToken.None));
        }

        var fourth = await authenticator.AuthenticateAsync("Bearer " + stale, IPAddress.Parse("198.51.100.20"), CancellationToken.None);
        var anotherKey = await authenticator.AuthenticateAsync("Bearer " + ApiKey.Create(), IPAddress.Parse("198.51.100.20"), CancellationToken.None);

        Assert.Equal(AuthenticationResult.IncorrectApiKey, fourth);
        Assert.Equal(AuthenticationResult.IncorrectApiKey, anotherKey);
        var fifth = await authenticator.AuthenticateAsync("Bearer " + stale, IPAddress.Parse("198.51.100.21"), CancellationToken.None);
        Assert.Equal(AuthenticationOutcome.Throttled, fifth.Outcome);
    }

    private BasicAuthenticator CreateAuthenticator(Action<BasicAuthOptions>? configure = null)
    {
        var options = new BasicAuthOptions();
        options.Users["alice"] = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash("alice-password"u8).Encode();
        options.ApiKeys["ci"] = new ApiKeyOptions { User = "alice", Hash = ApiKeyHash.Of(_key).Encode() };
        options.ApiKeys["expiring"] = new ApiKeyOptions { User = "alice", Hash = ApiKeyHash.Of(_expiringKey).Encode(), ExpiresAt = "2027-01-31T00:00:00Z" };
        configure?.Invoke(options);
        return new BasicAuthenticator(Options.Create(options), _hasher, _time);
    }
}
