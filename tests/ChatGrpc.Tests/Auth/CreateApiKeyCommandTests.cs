using System.Text.Json.Nodes;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.Auth;

public sealed class CreateApiKeyCommandTests
{
    private const string Key = "cgk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    [Fact]
    public void PrintsTheKeyOnce_AndConfigurationThatInstallsItInBothForms()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = CreateApiKeyCommand.Run(["alice", "ci"], output, error, () => Key);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var hash = ApiKeyHash.Of(Key).Encode();
        var expected = $$"""
            API key for user 'alice' (shown once, not stored anywhere; give it to the caller now):
            {{Key}}

            Install it with these environment variables (POSIX shell form):
            ChatGrpc__Auth__ApiKeys__ci__User='alice'
            ChatGrpc__Auth__ApiKeys__ci__Hash='{{hash}}'

            or merge this into appsettings.json:
            {
              "ChatGrpc": {
                "Auth": {
                  "ApiKeys": {
                    "ci": {
                      "User": "alice",
                      "Hash": "{{hash}}"
                    }
                  }
                }
              }
            }

            Optionally add ChatGrpc:Auth:ApiKeys:ci:ExpiresAt (ISO 8601, e.g. 2027-01-31T00:00:00Z). The user must be configured in ChatGrpc:Auth:Users.

            """;
        Assert.Equal(expected.ReplaceLineEndings(), output.ToString().ReplaceLineEndings());
        Assert.Equal(2, output.ToString().Split(Key).Length);
    }

    [Fact]
    public void TheJsonItPrints_InstallsAKeyThatSignsIn()
    {
        var output = new StringWriter();
        Assert.Equal(0, CreateApiKeyCommand.Run(["alice"], output, new StringWriter()));
        var lines = output.ToString().Split(Environment.NewLine);
        var key = lines[1];
        var json = output.ToString()[output.ToString().IndexOf('{', StringComparison.Ordinal)..(output.ToString().LastIndexOf('}') + 1)];

        var options = new BasicAuthOptions();
        options.Users["alice"] = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash("pw"u8).Encode();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection(BasicAuthOptions.SectionName).Bind(options);

        Assert.True(new BasicAuthOptionsValidator().Validate(null, options).Succeeded);
        var found = new ConfiguredUsers(options).ApiKeys.Find(key);
        Assert.NotNull(found);
        Assert.Equal("alice", found.User);
        Assert.Matches("^alice-[0-9a-f]{6}$", found.Name);
        Assert.StartsWith("cgk_", key, StringComparison.Ordinal);
        Assert.Equal(ApiKey.Length, key.Length);
        Assert.Equal(found.Name, ((JsonObject)JsonNode.Parse(json)!["ChatGrpc"]!["Auth"]!["ApiKeys"]!).Single().Key);
    }

    [Fact]
    public void AUserNameWithAQuote_IsQuotedForTheShell_AndEscapedInJson()
    {
        var output = new StringWriter();

        Assert.Equal(0, CreateApiKeyCommand.Run(["o'brien \"x\"", "ob"], output, new StringWriter(), () => Key));

        Assert.Contains("ChatGrpc__Auth__ApiKeys__ob__User='o'\\''brien \"x\"'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"User\": \"o\\u0027brien \\u0022x\\u0022\"", output.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string[]> BadArgumentLists =>
    [
        [],
        ["alice", "ci", "extra"],
        [""],
        ["al:ice", "ci"],
        ["alice", "has space"],
        ["alice", ""],
        ["a user"],
    ];

    [Theory]
    [MemberData(nameof(BadArgumentLists))]
    public void BadArguments_AreAUsageErrorWithoutAKey(string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var created = false;

        var exitCode = CreateApiKeyCommand.Run(arguments, output, error, () =>
        {
            created = true;
            return Key;
        });

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Contains("Usage: ChatGrpc.Server create-api-key <user> [<name>]", error.ToString(), StringComparison.Ordinal);
        Assert.False(created);
    }
}
