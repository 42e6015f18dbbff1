using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// Per-user limits counted in memory (the single-instance default): refused before any upstream with 429 and
/// OpenAI's rate-limit headers over REST, <c>RESOURCE_EXHAUSTED</c> with <c>RetryInfo</c> and <c>QuotaFailure</c> over
/// gRPC; tokens reserved from an estimate and settled with the real usage, streams included.
/// </summary>
public sealed class LimitTests(AccessServerFixture server) : IClassFixture<AccessServerFixture>
{
    private const string Completions = "api/v1/openai/chat/completions";

    [Fact]
    public async Task RequestsPerMinute_LetsTheLimitThrough_ThenRefusesWith429AndTheHeaders()
    {
        using var client = server.CreateHttpClient("bob");
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var granted = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            Assert.Equal("3", Header(granted, "x-ratelimit-limit-requests"));
            remaining.Add(Header(granted, "x-ratelimit-remaining-requests"));
            Assert.Matches(@"^(\d+(\.\d+)?s|1m\d+(\.\d+)?s)$", Header(granted, "x-ratelimit-reset-requests"));
            Assert.False(granted.Headers.Contains("x-ratelimit-limit-tokens"));
        }

        using var refused = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 61);
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("rate_limit_error", (string?)error["type"]);
        Assert.Equal("rate_limit_exceeded", (string?)error["code"]);
        Assert.StartsWith("Rate limit reached for user 'bob': 3 requests per minute. Try again in ", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsPerMinute_OverGrpc_IsResourceExhaustedWithRetryInfoAndQuotaFailure()
    {
        var client = server.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization("erin", AccessServerFixture.UserPassword));
        for (var i = 0; i < 3; i++)
        {
            using var call = client.CreateChatCompletionAsync(AccessTests.Request("chatgrpc-dev"));
            await call.ResponseAsync;
            var headers = await call.ResponseHeadersAsync;
            Assert.Equal((2 - i).ToString(CultureInfo.InvariantCulture), headers.GetValue("x-ratelimit-remaining-requests"));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateChatCompletionAsync(AccessTests.Request("chatgrpc-dev")).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var status = error.GetRpcStatus()!;
        var retry = status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(61));
        var violation = Assert.Single(status.GetDetail<QuotaFailure>().Violations);
        Assert.Equal("user:erin", violation.Subject);
        Assert.Equal("3 requests per minute", violation.Description);
    }

    [Fact]
    public async Task TokensPerMinute_AreReservedFromTheEstimate_SettledWithTheRealUsage_AndRefusedOnceUsedUp()
    {
        const int maxCompletionTokens = 100;
        using var client = server.CreateHttpClient("carol");
        long used = 0;
        var granted = 0;
        HttpResponseMessage? refused = null;
        while (refused is null)
        {
            var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev", maxCompletionTokens));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                break;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!;
            var prompt = (long)usage["prompt_tokens"]!;
            // Remaining, as counted when this call was admitted: what earlier calls really used, and this call's estimate.
            Assert.Equal((1000 - used - (prompt + maxCompletionTokens)).ToString(CultureInfo.InvariantCulture), Header(response, "x-ratelimit-remaining-tokens"));
            Assert.Equal("1000", Header(response, "x-ratelimit-limit-tokens"));
            used += (long)usage["total_tokens"]!;
            granted++;
            response.Dispose();
            Assert.InRange(granted, 1, 100);
        }

        using (refused)
        {
            Assert.True(used <= 1000, $"{used} tokens were let through a limit of 1,000.");
            // Had estimates stayed counted, no more than 1000 / (prompt + 100) calls would have fitted.
            Assert.True(granted > 1000 / (maxCompletionTokens + 10), $"only {granted} calls fitted: the real usage was not settled.");
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
            Assert.StartsWith("Rate limit reached for user 'carol': 1000 tokens per minute.", (string?)error["message"], StringComparison.Ordinal);
            Assert.True(refused.Headers.Contains("Retry-After"));
        }
    }

    [Fact]
    public async Task TokensPerMinute_ARequestThatCanNeverFit_IsRefusedWithoutWaiting()
    {
        using var client = server.CreateHttpClient("carol");

        using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev", 5000));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("tokens_exceed_limit", (string?)error["code"]);
    }

    [Fact]
    public async Task Streams_AreChargedTheirRealUsage_WithoutShowingItToACallerThatDidNotAsk()
    {
        const int maxCompletionTokens = 100;
        using var client = server.CreateHttpClient("frank");

        var hidden = await StreamAsync(client, includeUsage: false, maxCompletionTokens);
        var shown = await StreamAsync(client, includeUsage: true, maxCompletionTokens);
        using var next = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev", maxCompletionTokens));

        Assert.DoesNotContain(hidden, data => data.Contains("\"usage\"", StringComparison.Ordinal));
        var usage = JsonNode.Parse(shown.Last(data => data.Contains("\"usage\":{", StringComparison.Ordinal)))!["usage"]!;
        var total = (long)usage["total_tokens"]!;
        var prompt = (long)usage["prompt_tokens"]!;
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        // The same prompt twice, streamed: each charged its real usage, not its estimate.
        Assert.Equal((1000 - (2 * total) - (prompt + maxCompletionTokens)).ToString(CultureInfo.InvariantCulture), Header(next, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task TokensPerDay_AloneIsReportedInTheTokenHeaders()
    {
        using var client = server.CreateHttpClient("dave");

        using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1000", Header(response, "x-ratelimit-limit-tokens"));
        Assert.Matches(@"^(\d+h)?(\d+m)?\d+(\.\d+)?s$", Header(response, "x-ratelimit-reset-tokens"));
    }

    [Fact]
    public async Task UserWithoutLimits_GetsNoRateLimitHeaders()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("x-ratelimit-", StringComparison.Ordinal));
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");

    private static async Task<List<string>> StreamAsync(HttpClient client, bool includeUsage, int maxCompletionTokens)
    {
        var body = new JsonObject
        {
            ["model"] = "chatgrpc-dev",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hello there" }),
            ["max_completion_tokens"] = maxCompletionTokens,
            ["stream"] = true,
        };
        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        using var response = await client.PostAsJsonAsync(Completions, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        return events[..^1];
    }
}
