using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Tests.Providers.Http;

public sealed class UpstreamMessageScrubberTests
{
    private static readonly UpstreamMessageScrubber s_configured = UpstreamMessageScrubber.For(new ProviderOptions
    {
        ApiKey = "plainkey42",
        Headers = { ["X-Team-Token"] = "Token team-secret-0123456789", ["X-Flag"] = "true" },
    });

    [Theory]
    [InlineData("key plainkey42 refused", "key [redacted] refused")]
    [InlineData("header Token team-secret-0123456789 seen", "header [redacted] seen")]
    [InlineData("token team-secret-0123456789 alone", "token [redacted] alone")]
    [InlineData("flag true stays", "flag true stays")]
    public void ConfiguredSecrets_AreRedacted_OtherConfiguredValuesKept(string message, string expected) =>
        Assert.Equal(expected, s_configured.Scrub(message));

    [Theory]
    [InlineData("Authorization: Bearer abcdefgh12345678 was sent", "Authorization: Bearer [redacted] was sent")]
    [InlineData("Basic dGVzdGVyOnNlY3JldA== is not allowed", "Basic [redacted] is not allowed")]
    [InlineData("Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.", "Incorrect API key provided: [redacted].")]
    [InlineData("{\"api_key\": \"k-0123456789\"}", "{\"api_key\": \"[redacted]\"}")]
    [InlineData("x-api-key=abcdef0123 and password: hunter2hunter2", "x-api-key=[redacted] and password: [redacted]")]
    [InlineData("AWS AKIAABCDEFGHIJKLMNOP leaked", "AWS [redacted] leaked")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end", "jwt [redacted] end")]
    public void TokenShapes_AreRedacted(string message, string expected) =>
        Assert.Equal(expected, UpstreamMessageScrubber.ShapesOnly.Scrub(message));

    [Theory]
    [InlineData("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")]
    [InlineData("messages.0.content: Input should be a valid string")]
    [InlineData("The token limit was reached; max_tokens must be at most 4096.")]
    public void OrdinaryMessages_AreKeptWordForWord(string message) =>
        Assert.Equal(message, UpstreamMessageScrubber.ShapesOnly.Scrub(message));
}
