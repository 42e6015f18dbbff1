using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.Auth;

/// <summary><see cref="BasicAuthOptionsValidator"/> on <c>ChatGrpc:Auth:Admins</c> and <c>ChatGrpc:Auth:ApiKeys</c>, bound from configuration keys as an operator writes them.</summary>
public sealed class ApiKeyOptionsValidationTests
{
    private static readonly string GoodHash = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash("pw"u8).Encode();
    private static readonly string KeyHash = ApiKeyHash.Of(ApiKey.Create()).Encode();

    [Fact]
    public void AdminsAndKeysOfConfiguredUsers_Pass_AndBindFromTheirConfigurationKeys()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["ChatGrpc:Auth:Users:alice"] = GoodHash,
            ["ChatGrpc:Auth:Users:bob"] = GoodHash,
            ["ChatGrpc:Auth:Admins:0"] = "alice",
            ["ChatGrpc:Auth:ApiKeys:ci-bot:User"] = "bob",
            ["ChatGrpc:Auth:ApiKeys:ci-bot:Hash"] = KeyHash,
            ["ChatGrpc:Auth:ApiKeys:ci-bot:ExpiresAt"] = "2027-01-31T00:00:00Z",
        });

        var result = new BasicAuthOptionsValidator().Validate(null, options);
        var users = new ConfiguredUsers(options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(["alice"], users.Admins);
        Assert.Equal(1, users.ApiKeys.Count);
    }

    [Fact]
    public void EveryProblem_IsReportedNamingTheSettingNeverTheHash()
    {
        var otherKeyOfTheSameSecret = KeyHash.ToUpperInvariant().Replace("SHA256$", "sha256$", StringComparison.Ordinal);
        var options = Bind(new Dictionary<string, string?>
        {
            ["ChatGrpc:Auth:Users:alice"] = GoodHash,
            ["ChatGrpc:Auth:Admins:0"] = "alice",
            ["ChatGrpc:Auth:Admins:1"] = "mallory",
            ["ChatGrpc:Auth:ApiKeys:a:User"] = "alice",
            ["ChatGrpc:Auth:ApiKeys:a:Hash"] = KeyHash,
            ["ChatGrpc:Auth:ApiKeys:b:User"] = "alice",
            ["ChatGrpc:Auth:ApiKeys:b:Hash"] = otherKeyOfTheSameSecret,
            ["ChatGrpc:Auth:ApiKeys:c:User"] = "nobody",
            ["ChatGrpc:Auth:ApiKeys:c:Hash"] = "sha256$not-hex",
            ["ChatGrpc:Auth:ApiKeys:c:ExpiresAt"] = "next week",
            ["ChatGrpc:Auth:ApiKeys:d:Hash"] = GoodHash,
            ["ChatGrpc:Auth:ApiKeys:has space:User"] = "alice",
        });

        var result = new BasicAuthOptionsValidator().Validate(null, options);

        var expected = new[]
        {
            "ChatGrpc:Auth:Admins:1 names no user in ChatGrpc:Auth:Users: an administrator must be a configured user.",
            "ChatGrpc:Auth:ApiKeys:b:Hash is the hash of another configured key: each key must be its own secret.",
            "ChatGrpc:Auth:ApiKeys:c:User names no user in ChatGrpc:Auth:Users: a key acts as a configured user.",
            "ChatGrpc:Auth:ApiKeys:c:Hash is not an API key hash of the form sha256$<64 hex digits>; create a key and its hash with `ChatGrpc.Server create-api-key <user> [<name>]`.",
            "ChatGrpc:Auth:ApiKeys:c:ExpiresAt is not an ISO 8601 time such as 2027-01-31T00:00:00Z (a time without an offset is UTC).",
            "ChatGrpc:Auth:ApiKeys:d:User is required: the configured user the key acts as.",
            "ChatGrpc:Auth:ApiKeys:d:Hash is not an API key hash of the form sha256$<64 hex digits>; create a key and its hash with `ChatGrpc.Server create-api-key <user> [<name>]`.",
            "ChatGrpc:Auth:ApiKeys has a key name that is not 1 to 64 ASCII letters, digits, '.', '_' or '-'.",
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Failures!.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Failures!, failure => failure.Contains(KeyHash[7..], StringComparison.OrdinalIgnoreCase) || failure.Contains(GoodHash, StringComparison.Ordinal));
    }

    private static BasicAuthOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new BasicAuthOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BasicAuthOptions.SectionName).Bind(options);
        return options;
    }
}
