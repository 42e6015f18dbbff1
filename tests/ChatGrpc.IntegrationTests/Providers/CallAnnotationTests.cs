using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>What routing decided travels with the answer: dropped fields, estimated usage, a full upstream refused at once.</summary>
public sealed class CallAnnotationTests(UpstreamServerFixture server) : IClassFixture<UpstreamServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";

    private async Task<HttpResponseMessage> PostAsync(string body, CancellationToken cancellationToken = default)
    {
        using var client = server.CreateHttpClient();
        return await client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
    }

    [Fact]
    public async Task DroppedFields_AreNamedInTheHeader()
    {
        using var response = await PostAsync("""{"model":"claude-drops","messages":[{"role":"user","content":"hi"}],"logit_bias":{"50256":-100},"seed":7}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dropped = response.Headers.GetValues("x-chatgrpc-dropped-fields").Single().Split(',');
        Assert.Contains("logit_bias", dropped);
        Assert.Contains("seed", dropped);
    }

    [Fact]
    public async Task UsageCountedByTheGateway_IsMarkedEstimated()
    {
        using var estimated = await PostAsync("""{"model":"no-usage","messages":[{"role":"user","content":"hi"}]}""");
        using var reported = await PostAsync("""{"model":"gpt-ok","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("true", estimated.Headers.GetValues("x-chatgrpc-usage-estimated").Single());
        Assert.False(reported.Headers.Contains("x-chatgrpc-usage-estimated"));
    }

    [Fact]
    public async Task UpstreamAtItsLimit_RefusesTheNextCallAtOnceWith503()
    {
        using var first = new CancellationTokenSource();
        using var client = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent("""{"model":"narrow","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        // A stream whose upstream sends one event and then nothing: it holds the upstream's only place.
        var hanging = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, first.Token);
        try
        {
            // Its first event is out: from here on the stream holds the upstream's only place.
            using var streaming = await hanging.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(HttpStatusCode.OK, streaming.StatusCode);

            HttpResponseMessage? second = null;
            for (var attempt = 0; attempt < 20; attempt++)
            {
                second?.Dispose();
                second = await PostAsync("""{"model":"narrow","messages":[{"role":"user","content":"hi"}]}""");
                if (second.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    break;
                }
            }

            using var refused = second!;
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
            Assert.NotNull(refused.Headers.RetryAfter);
            var body = await refused.Content.ReadAsStringAsync();
            var message = (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["detail"]!;
            Assert.StartsWith("No deployment of 'narrow' answered. Tried: narrow/hangs: at its limit of calls in flight after ", message, StringComparison.Ordinal);
            JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unavailable, message, code: "upstream_at_capacity"), body);
        }
        finally
        {
            await first.CancelAsync();
            if (!hanging.IsCompleted)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
            }
        }
    }
}
