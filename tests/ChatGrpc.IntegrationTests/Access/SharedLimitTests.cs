using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// Limits counted in a real Redis and shared exactly by several gateway instances: every reservation is one atomic
/// script, so concurrent calls on different instances never together pass a limit, and counts outlive an instance.
/// </summary>
public sealed class SharedLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Completions = "api/v1/openai/chat/completions";

    [Fact]
    public async Task TwoHundredParallelRequests_SplitOverTwoInstances_AgainstFiftyPerMinute_LetExactlyFiftyThrough()
    {
        var settings = SharedLimitsSettings.For(redis, SharedLimitsSettings.NewKeyPrefix(), access: ("RequestsPerMinute", "50"));
        await using var first = await StartAsync(settings);
        await using var second = await StartAsync(settings);
        using var firstClient = first.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        using var secondClient = second.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? firstClient : secondClient).PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
            return response.StatusCode;
        }));

        Assert.Equal(50, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(150, answers.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Counts_OutliveAnInstance_AndAreSeenByTheNextOne()
    {
        var settings = SharedLimitsSettings.For(redis, SharedLimitsSettings.NewKeyPrefix(), access: ("RequestsPerMinute", "5"));
        var first = await StartAsync(settings);
        await using (first)
        {
            using var client = first.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await using var restarted = await StartAsync(settings);
        using var again = restarted.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        var statuses = new List<HttpStatusCode>();
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await again.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
            statuses.Add(response.StatusCode);
            remaining.Add(LimitTests.Header(response, "x-ratelimit-remaining-requests"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(["1", "0", "0"], remaining);
    }

    [Fact]
    public async Task Tokens_AreSharedAndSettled_AcrossInstances()
    {
        const int maxCompletionTokens = 100;
        var settings = SharedLimitsSettings.For(redis, SharedLimitsSettings.NewKeyPrefix(), access: ("TokensPerMinute", "1000"));
        await using var first = await StartAsync(settings);
        await using var second = await StartAsync(settings);
        using var firstClient = first.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        using var secondClient = second.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        long used = 0;
        var granted = 0;
        while (true)
        {
            using var response = await (granted % 2 == 0 ? firstClient : secondClient).PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev", maxCompletionTokens));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!;
            // Each instance sees what the other's calls really used.
            Assert.Equal(
                (1000 - used - ((long)usage["prompt_tokens"]! + maxCompletionTokens)).ToString(CultureInfo.InvariantCulture),
                LimitTests.Header(response, "x-ratelimit-remaining-tokens"));
            used += (long)usage["total_tokens"]!;
            granted++;
            Assert.InRange(granted, 1, 100);
            // A settlement is sent as its call ends, not awaited: on the same instance it always precedes the next
            // reservation; here the next call goes to the other instance, so give it a moment to land.
            await Task.Delay(20);
        }

        Assert.True(used <= 1000, $"{used} tokens were let through a limit of 1,000.");
        Assert.True(granted > 1000 / (maxCompletionTokens + 10), $"only {granted} calls fitted: the real usage was not settled.");
    }

    private static async Task<GatewayInstance> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var instance = new GatewayInstance(settings);
        await instance.InitializeAsync();
        return instance;
    }
}
