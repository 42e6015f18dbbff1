using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// A faulty or hostile upstream cannot grow the gateway's memory or leak its secrets: answers and events past
/// <c>MaxResponseBytes</c>/<c>MaxEventBytes</c> (counted after decompression) fail the attempt as a bad answer,
/// once, with nothing retried on that deployment; an upstream message quoting the provider's key reaches the
/// caller with the key redacted and the rest kept, unary and streamed, REST and gRPC.
/// </summary>
public sealed class HostileUpstreamTests(HostileUpstreamFixture server) : IClassFixture<HostileUpstreamFixture>
{
    private async Task<HttpResponseMessage> PostAsync(string model, bool stream)
    {
        using var client = server.CreateHttpClient();
        var body = $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""";
        return await client.PostAsync("api/v1/openai/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Theory]
    [InlineData("openai", "huge", false, "MaxResponseBytes")]
    [InlineData("openai", "gzip-bomb", false, "MaxResponseBytes")]
    [InlineData("openai", "huge-event", true, "MaxEventBytes")]
    [InlineData("claude", "huge", false, "MaxResponseBytes")]
    [InlineData("claude", "gzip-bomb", false, "MaxResponseBytes")]
    [InlineData("claude", "huge-event", true, "MaxEventBytes")]
    public async Task AnswerPastItsLimit_Is502NamingTheLimit_AndIsNotRetried(string provider, string behaviour, bool stream, string setting)
    {
        var model = $"{provider}-{behaviour}";
        var before = server.Upstream.RequestsFor(behaviour);

        using var response = await PostAsync(model, stream);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var message = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!;
        var limit = setting == "MaxResponseBytes" ? HostileUpstreamFixture.MaxResponseBytes : HostileUpstreamFixture.MaxEventBytes;
        var expected = $"{provider}/{behaviour} sent an answer larger than the gateway reads ({limit} bytes, ChatGrpc:Providers:<name>:{setting})";
        Assert.True(message.Contains(expected, StringComparison.Ordinal), message);

        // Retries are on (2 by default): an answer too large would be sent again, so it is tried once.
        Assert.Equal(1, server.Upstream.RequestsFor(behaviour) - before);
    }

    [Fact]
    public void GzipBomb_IsSmallOnTheWire()
    {
        // What the limit is measured against is the unpacked size: the bomb itself is well under the 1 MiB limit.
        Assert.True(HostileUpstream.BombBytes < HostileUpstreamFixture.MaxResponseBytes / 4, $"{HostileUpstream.BombBytes} bytes");
    }

    [Theory]
    [InlineData("openai", "authorization: Bearer [redacted]")]
    [InlineData("claude", "x-api-key: [redacted]")]
    public async Task UpstreamRefusalQuotingTheKey_IsRelayedWithTheKeyRedacted_OverRest(string provider, string expected)
    {
        using var response = await PostAsync($"{provider}-echo-key", stream: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var message = (string)JsonNode.Parse(body)!["error"]!["message"]!;
        Assert.Equal($"Invalid header value. You sent {expected}; check your request.", message);
        AssertNoSecret(body);
    }

    [Theory]
    [InlineData("openai", "authorization: Bearer [redacted]")]
    [InlineData("claude", "x-api-key: [redacted]")]
    public async Task UpstreamRefusalQuotingTheKey_IsRelayedWithTheKeyRedacted_OverGrpc(string provider, string expected)
    {
        var client = server.CreateChatClient();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(Request($"{provider}-echo-key")));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"Invalid header value. You sent {expected}; check your request.", error.Status.Detail);
        AssertNoSecret(error.ToString() + string.Join(";", error.Trailers.Select(t => t.IsBinary ? Encoding.UTF8.GetString(t.ValueBytes) : t.Value)));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("claude")]
    public async Task StreamErrorQuotingTheKey_IsRelayedWithTheKeyRedacted_OverRestAndGrpc(string provider)
    {
        using var response = await PostAsync($"{provider}-echo-key-stream", stream: true);
        var events = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Upstream broke while handling", events, StringComparison.Ordinal);
        Assert.Contains("[redacted]", events, StringComparison.Ordinal);
        AssertNoSecret(events);

        var client = server.CreateChatClient();
        using var call = client.StreamChatCompletion(Request($"{provider}-echo-key-stream"));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        Assert.Contains("Upstream broke while handling", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Status.Detail, StringComparison.Ordinal);
        AssertNoSecret(error.ToString());
    }

    private static CreateChatCompletionRequest Request(string model) => new()
    {
        Model = model,
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
    };

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(HostileUpstreamFixture.OpenAiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileUpstreamFixture.AnthropicKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileUpstreamFixture.SecretHeader, text, StringComparison.Ordinal);
    }
}
