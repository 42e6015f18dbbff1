using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Auth.SignInThrottle;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Auth;

public sealed class BasicAuthOptionsValidatorTests
{
    private const string BadHash = "pbkdf2-sha256$1000$c2VjcmV0LXNhbHQ=$c2VjcmV0LWtleQ==";

    private static readonly string GoodHash = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash("pw"u8).Encode();

    [Fact]
    public void ValidSettings_Pass()
    {
        var options = new BasicAuthOptions();
        options.Users["alice"] = GoodHash;

        Assert.True(new BasicAuthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void EveryProblem_IsReportedNamingTheSettingNeverTheHash()
    {
        var options = new BasicAuthOptions { Realm = "say \"hi\"", VerifiedCredentialCapacity = -1 };
        options.Users["alice"] = GoodHash;
        options.Users["bob"] = BadHash;
        options.Users["carol"] = "";

        var result = new BasicAuthOptionsValidator().Validate(null, options);

        var expected = new[]
        {
            "ChatGrpc:Auth:Realm must be non-empty text without quotes, backslashes or control characters: it is sent as WWW-Authenticate: Basic realm=\"...\".",
            "ChatGrpc:Auth:Users:bob is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `printf '%s' '<password>' | ChatGrpc.Server hash-password`.",
            "ChatGrpc:Auth:Users:carol is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `printf '%s' '<password>' | ChatGrpc.Server hash-password`.",
            "ChatGrpc:Auth:VerifiedCredentialCapacity must not be negative (zero disables remembering verified credentials).",
        };
        Assert.Equal(expected, result.Failures);
    }

    [Fact]
    public void FailedSignInSettings_EveryProblemIsReportedNothingIsClamped()
    {
        var options = new BasicAuthOptions
        {
            MaxConcurrentPasswordChecks = 0,
            MaxQueuedPasswordChecks = 0,
            FailedSignInWindow = TimeSpan.Zero,
            FailuresBeforeDelay = 11,
            FailureDelay = TimeSpan.FromSeconds(-1),
            LockoutDuration = TimeSpan.FromMinutes(10),
            MaxLockoutDuration = TimeSpan.FromMinutes(5),
            ThrottledUserCheckInterval = TimeSpan.Zero,
            FailedSignInCapacity = 0,
        };

        var result = new BasicAuthOptionsValidator().Validate(null, options);

        var expected = new[]
        {
            "ChatGrpc:Auth:MaxConcurrentPasswordChecks must be at least 1 (it is 0).",
            "ChatGrpc:Auth:MaxQueuedPasswordChecks must be at least 1 (it is 0).",
            "ChatGrpc:Auth:FailedSignInWindow must be positive (it is 00:00:00).",
            "ChatGrpc:Auth:FailuresBeforeDelay must be between 0 and ChatGrpc:Auth:FailuresBeforeLockout (it is 11; equal to it means no delay).",
            "ChatGrpc:Auth:FailureDelay must not be negative (it is -00:00:01; zero means no delay).",
            "ChatGrpc:Auth:MaxLockoutDuration must be at least ChatGrpc:Auth:LockoutDuration (it is 00:05:00).",
            "ChatGrpc:Auth:ThrottledUserCheckInterval must be positive (it is 00:00:00).",
            "ChatGrpc:Auth:FailedSignInCapacity must be at least 1 (it is 0).",
        };
        Assert.Equal(expected, result.Failures);
    }

    [Fact]
    public void FailedSignInSettings_Defaults()
    {
        var options = new BasicAuthOptions();

        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.MaxConcurrentPasswordChecks);
        Assert.Equal(32, options.MaxQueuedPasswordChecks);
        Assert.Equal(TimeSpan.FromMinutes(15), options.FailedSignInWindow);
        Assert.Equal(5, options.FailuresBeforeDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.FailureDelay);
        Assert.Equal(10, options.FailuresBeforeLockout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LockoutDuration);
        Assert.Equal(TimeSpan.FromMinutes(15), options.MaxLockoutDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ThrottledUserCheckInterval);
        Assert.Equal(50_000, options.FailedSignInCapacity);
        Assert.True(new BasicAuthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void AddBasicAuth_BindsTheFailedSignInSettings()
    {
        using var services = BuildServices(new()
        {
            ["ChatGrpc:Auth:MaxConcurrentPasswordChecks"] = "3",
            ["ChatGrpc:Auth:FailuresBeforeLockout"] = "20",
            ["ChatGrpc:Auth:LockoutDuration"] = "00:02:00",
        });

        var options = services.GetRequiredService<IOptions<BasicAuthOptions>>().Value;

        Assert.Equal(3, options.MaxConcurrentPasswordChecks);
        Assert.Equal(20, options.FailuresBeforeLockout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.LockoutDuration);
        Assert.IsType<InMemoryFailedSignInThrottle>(services.GetRequiredService<IFailedSignInThrottle>());
        Assert.NotNull(services.GetRequiredService<BasicAuthenticator>());
    }

    [Fact]
    public void AddBasicAuth_FailsStartUpOnAnInvalidFailedSignInSetting()
    {
        using var services = BuildServices(new() { ["ChatGrpc:Auth:MaxConcurrentPasswordChecks"] = "0" });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatGrpc:Auth:MaxConcurrentPasswordChecks must be at least 1 (it is 0).", exception.Failures);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    public void UnsendableRealm_Fails(string realm)
    {
        var options = new BasicAuthOptions { Realm = realm };

        Assert.True(new BasicAuthOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void AddBasicAuth_BindsTheAuthSection()
    {
        using var services = BuildServices(new()
        {
            ["ChatGrpc:Auth:Realm"] = "Gateway",
            ["ChatGrpc:Auth:Users:alice"] = GoodHash,
            ["ChatGrpc:Auth:VerifiedCredentialLifetime"] = "00:01:00",
        });

        var options = services.GetRequiredService<IOptions<BasicAuthOptions>>().Value;

        Assert.Equal("Gateway", options.Realm);
        Assert.Equal(new Dictionary<string, string> { ["alice"] = GoodHash }, options.Users);
        Assert.Equal(TimeSpan.FromMinutes(1), options.VerifiedCredentialLifetime);
        Assert.NotNull(services.GetRequiredService<BasicAuthInterceptor>());
        Assert.Same(services.GetRequiredService<BasicAuthInterceptor>(), services.GetRequiredService<BasicAuthInterceptor>());
    }

    [Fact]
    public void AddBasicAuth_FailsStartUpOnABadHash()
    {
        using var services = BuildServices(new() { ["ChatGrpc:Auth:Users:alice"] = GoodHash, ["ChatGrpc:Auth:Users:bob"] = BadHash });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "ChatGrpc:Auth:Users:bob is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `printf '%s' '<password>' | ChatGrpc.Server hash-password`.",
            exception.Message);
    }

    [Fact]
    public void AddBasicAuth_WithoutUsers_StartsAndRefusesEveryone()
    {
        using var services = BuildServices([]);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Empty(services.GetRequiredService<IOptions<BasicAuthOptions>>().Value.Users);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBasicAuth(configuration);
        return services.BuildServiceProvider();
    }
}
