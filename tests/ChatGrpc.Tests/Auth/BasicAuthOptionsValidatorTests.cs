using ChatGrpc.Server.Auth;
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
            "ChatGrpc:Auth:Users:bob is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `echo -n '<password>' | ChatGrpc.Server hash-password`.",
            "ChatGrpc:Auth:Users:carol is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `echo -n '<password>' | ChatGrpc.Server hash-password`.",
            "ChatGrpc:Auth:VerifiedCredentialCapacity must not be negative (zero disables remembering verified credentials).",
        };
        Assert.Equal(expected, result.Failures);
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
            "ChatGrpc:Auth:Users:bob is not a password hash of the form pbkdf2-sha256$<iterations>$<salt base64>$<key base64>; create one with `echo -n '<password>' | ChatGrpc.Server hash-password`.",
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
        services.AddBasicAuth(configuration);
        return services.BuildServiceProvider();
    }
}
