using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

public sealed class BasicAuthenticatorTests
{
    private readonly CountingPasswordHasher _hasher = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task RightCredentials_AuthenticateTheConfiguredUser()
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password"));

        Assert.Equal(AuthenticationResult.Authenticated("alice"), result);
    }

    [Fact]
    public async Task PasswordContainingColons_Authenticates()
    {
        var authenticator = CreateAuthenticator(("carol", "pa:ss:word"));

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("carol", "pa:ss:word"));

        Assert.Equal(AuthenticationResult.Authenticated("carol"), result);
    }

    [Fact]
    public async Task CredentialsLongerThanTheStackBuffer_Authenticate()
    {
        var password = new string('p', 600);
        var authenticator = CreateAuthenticator(("dave", password));

        var first = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("dave", password));
        var second = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("dave", password));

        Assert.Equal(AuthenticationResult.Authenticated("dave"), first);
        Assert.Equal(AuthenticationResult.Authenticated("dave"), second);
        Assert.Equal(1, _hasher.Verifications);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", "")]
    [InlineData("alice", "alice-password ")]
    [InlineData("Alice", "alice-password")]
    [InlineData("bob", "alice-password")]
    [InlineData("mallory", "alice-password")]
    [InlineData("", "alice-password")]
    public async Task WrongUserOrPassword_IsIncorrect(string user, string password)
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic(user, password));

        Assert.Equal(AuthenticationResult.IncorrectCredentials, result);
    }

    [Fact]
    public async Task UnknownUser_CostsOneDerivationAsCostlyAsTheCostliestUser()
    {
        var authenticator = CreateAuthenticator(("alice", "a", 1_000), ("bob", "b", 3_000));

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("mallory", "x"));

        Assert.Equal(AuthenticationResult.IncorrectCredentials, result);
        Assert.Equal(1, _hasher.Verifications);
        Assert.Equal(3_000, _hasher.LastVerifiedIterations);
    }

    [Fact]
    public async Task NoHeader_IsMissingCredentials()
    {
        var authenticator = CreateAuthenticator();

        Assert.Equal(AuthenticationResult.MissingCredentials, await authenticator.AuthenticateAsync(StringValues.Empty));
        Assert.Equal(AuthenticationResult.MissingCredentials, await authenticator.AuthenticateAsync(""));
        Assert.Equal(0, _hasher.Verifications);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic !!!!")]
    [InlineData("Basic YWxpY2U=")] // "alice": no colon
    [InlineData("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ")] // unpadded
    [InlineData("Basic YWxp Y2U6YWxpY2UtcGFzc3dvcmQ=")]
    public async Task MalformedHeader_IsMalformedCredentials(string authorization)
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(authorization);

        Assert.Equal(AuthenticationResult.MalformedCredentials, result);
        Assert.Equal(0, _hasher.Verifications);
    }

    [Fact]
    public async Task CredentialsThatAreNotUtf8_AreMalformed()
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.BasicOfBytes((byte)'a', (byte)':', 0xC3, 0x28));

        Assert.Equal(AuthenticationResult.MalformedCredentials, result);
    }

    [Fact]
    public async Task SeveralAuthorizationHeaders_AreMalformed()
    {
        var authenticator = CreateAuthenticator();
        var right = AuthTestCredentials.Basic("alice", "alice-password");

        var result = await authenticator.AuthenticateAsync(new StringValues([right, right]));

        Assert.Equal(AuthenticationResult.MalformedCredentials, result);
    }

    [Fact]
    public async Task RepeatedRightCredentials_AreDerivedOnce()
    {
        var authenticator = CreateAuthenticator();
        var header = AuthTestCredentials.Basic("alice", "alice-password");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AuthenticationResult.Authenticated("alice"), await authenticator.AuthenticateAsync(header));
        }

        Assert.Equal(1, _hasher.Verifications);
    }

    [Fact]
    public async Task CachedCredentials_AnswerSynchronously()
    {
        var authenticator = CreateAuthenticator();
        var header = AuthTestCredentials.Basic("alice", "alice-password");
        await authenticator.AuthenticateAsync(header);

        var second = authenticator.AuthenticateAsync(header);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal(AuthenticationResult.Authenticated("alice"), await second);
    }

    [Fact]
    public async Task CachedCredentials_AreCheckedWithoutAllocating()
    {
        var authenticator = CreateAuthenticator();
        StringValues header = AuthTestCredentials.Basic("alice", "alice-password");
        await authenticator.AuthenticateAsync(header);
        await authenticator.AuthenticateAsync(header);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var result = authenticator.AuthenticateAsync(header);
            Assert.True(result.IsCompletedSuccessfully);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task RepeatedWrongCredentials_AreNeverRemembered()
    {
        var authenticator = CreateAuthenticator();
        var header = AuthTestCredentials.Basic("alice", "wrong");

        await authenticator.AuthenticateAsync(header);
        await authenticator.AuthenticateAsync(header);

        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task RememberedUser_WithAnotherPassword_IsCheckedAgain()
    {
        var authenticator = CreateAuthenticator();
        await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password"));

        var result = await authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password2"));

        Assert.Equal(AuthenticationResult.IncorrectCredentials, result);
        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task RememberedCredentials_AreCheckedAgainAfterTheirLifetime()
    {
        var authenticator = CreateAuthenticator();
        var header = AuthTestCredentials.Basic("alice", "alice-password");
        await authenticator.AuthenticateAsync(header);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await authenticator.AuthenticateAsync(header);
        Assert.Equal(1, _hasher.Verifications);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await authenticator.AuthenticateAsync(header);
        Assert.Equal(AuthenticationResult.Authenticated("alice"), result);
        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task ZeroCapacity_RemembersNothing()
    {
        var authenticator = CreateAuthenticator(options => options.VerifiedCredentialCapacity = 0);
        var header = AuthTestCredentials.Basic("alice", "alice-password");

        await authenticator.AuthenticateAsync(header);
        await authenticator.AuthenticateAsync(header);

        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task ConcurrentCallsWithOneNewCredential_ShareOneDerivation()
    {
        using var gate = new ManualResetEventSlim();
        var hasher = new CountingPasswordHasher { Gate = gate };
        var authenticator = CreateAuthenticator(hasher, _ => { }, ("alice", "alice-password", CountingPasswordHasher.Iterations));
        var header = AuthTestCredentials.Basic("alice", "alice-password");

        var first = Task.Run(async () => await authenticator.AuthenticateAsync(header));
        Assert.True(hasher.Entered.Wait(TimeSpan.FromSeconds(10)));
        var second = authenticator.AuthenticateAsync(header).AsTask();
        Assert.False(second.IsCompleted);
        gate.Set();

        Assert.Equal(AuthenticationResult.Authenticated("alice"), await first);
        Assert.Equal(AuthenticationResult.Authenticated("alice"), await second);
        Assert.Equal(1, hasher.Verifications);
    }

    [Fact]
    public void InvalidConfiguredHash_FailsConstructionNamingTheUserNotTheHash()
    {
        var options = new BasicAuthOptions();
        options.Users["eve"] = "pbkdf2-sha256$1000$c2VjcmV0LXNhbHQ=$c2VjcmV0LWtleQ==";

        var exception = Assert.Throws<InvalidOperationException>(() => new BasicAuthenticator(Options.Create(options), _hasher, _time));

        Assert.Contains("ChatGrpc:Auth:Users:eve ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", exception.Message, StringComparison.Ordinal);
    }

    private BasicAuthenticator CreateAuthenticator(Action<BasicAuthOptions> configure) =>
        CreateAuthenticator(_hasher, configure, ("alice", "alice-password", CountingPasswordHasher.Iterations), ("bob", "bob-password", CountingPasswordHasher.Iterations));

    private BasicAuthenticator CreateAuthenticator() => CreateAuthenticator(_ => { });

    private BasicAuthenticator CreateAuthenticator(params (string User, string Password)[] users) =>
        CreateAuthenticator(_hasher, _ => { }, [.. users.Select(user => (user.User, user.Password, CountingPasswordHasher.Iterations))]);

    private BasicAuthenticator CreateAuthenticator(params (string User, string Password, int Iterations)[] users) =>
        CreateAuthenticator(_hasher, _ => { }, users);

    private BasicAuthenticator CreateAuthenticator(IPasswordHasher hasher, Action<BasicAuthOptions> configure, params (string User, string Password, int Iterations)[] users)
    {
        var options = new BasicAuthOptions();
        foreach (var (user, password, iterations) in users)
        {
            options.Users[user] = new Pbkdf2PasswordHasher(iterations).Hash(System.Text.Encoding.UTF8.GetBytes(password)).Encode();
        }

        configure(options);
        return new BasicAuthenticator(Options.Create(options), hasher, _time);
    }
}
