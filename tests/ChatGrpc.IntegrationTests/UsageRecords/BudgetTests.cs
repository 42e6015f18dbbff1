using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Access;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;
using ChatGrpc.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>
/// A user's daily budget through the real server: calls are admitted until their settled cost reaches it, then refused
/// with OpenAI's <c>insufficient_quota</c>; counted in this instance's memory, or in a Redis shared by two instances.
/// </summary>
public sealed class BudgetTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncDisposable
{
    private const string Completions = "api/v1/openai/chat/completions";

    private readonly MockUpstream _upstream = new();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    /// <summary>Exactly three unary calls of <see cref="UsageSettings.Priced"/>.</summary>
    private static readonly string s_budget = (3 * UsageSettings.PricedUnaryCost).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A request whose estimate (its prompt, 5 completion tokens) stays below what the upstream reports it cost.</summary>
    private static object Body() => new { model = UsageSettings.Priced, messages = new[] { new { role = "user", content = "Hello" } }, max_tokens = 5 };

    [Fact]
    public async Task DailyBudget_InMemory_RefusesExactlyWhenTheSettledCostReachesIt()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream, ($"ChatGrpc:Access:Users:{UsageSettings.Alice}:SpendPerDay", s_budget)));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        await AssertThreeCallsThenRefusedAsync([client, client, client, client]);

        // Another user, without a budget of its own and with no default, is not limited.
        using var bob = UsageReportClient.For(gateway, UsageSettings.Bob);
        using var free = await bob.PostAsJsonAsync(Completions, Body());
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.False(free.Headers.Contains("x-ratelimit-limit-spend-day"));

        var grpc = gateway.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization(UsageSettings.Alice, UsageSettings.Password));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await grpc.CreateChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = UsageSettings.Priced,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello" } } } },
        }));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, refused.StatusCode);
        var quota = refused.GetRpcStatus()!.GetDetail<QuotaFailure>();
        Assert.Equal(("user:alice", $"budget of {s_budget} USD per day (UTC)"), (quota.Violations[0].Subject, quota.Violations[0].Description));
    }

    [Fact]
    public async Task DailyBudget_InRedis_SharedByTwoInstances_RefusesExactlyWhenTheSettledCostReachesIt()
    {
        var settings = UsageSettings.For(
            _upstream,
            ($"ChatGrpc:Access:Default:SpendPerDay", s_budget),
            ("ChatGrpc:Access:Store", "Redis"),
            ("ConnectionStrings:Redis", redis.ConnectionString),
            ("ChatGrpc:Access:RedisKeyPrefix", SharedLimitsSettings.NewKeyPrefix()));
        await using var first = await UsageSettings.StartAsync(settings);
        await using var second = await UsageSettings.StartAsync(settings);
        using var firstClient = UsageReportClient.For(first, UsageSettings.Alice);
        using var secondClient = UsageReportClient.For(second, UsageSettings.Alice);
        await AssertThreeCallsThenRefusedAsync([firstClient, secondClient, firstClient, secondClient]);
    }

    private static async Task AssertThreeCallsThenRefusedAsync(HttpClient[] clients)
    {
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await clients[i].PostAsJsonAsync(Completions, Body());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(s_budget, LimitTests.Header(response, "x-ratelimit-limit-spend-day"));
            remaining.Add(LimitTests.Header(response, "x-ratelimit-remaining-spend-day"));

            // Settlement goes on after the answer: wait until the next call would see the real cost.
            await Task.Delay(200);
        }

        using var refused = await clients[3].PostAsJsonAsync(Completions, Body());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("0", LimitTests.Header(refused, "x-ratelimit-remaining-spend-day"));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("insufficient_quota", "insufficient_quota"), ((string?)error["type"], (string?)error["code"]));
        Assert.StartsWith($"The user 'alice' has reached its budget of {s_budget} USD per day (UTC): {s_budget} USD spent. It resets in ", (string?)error["message"], StringComparison.Ordinal);

        // Each remaining figure is the budget less the settled calls before it and this call's own estimate.
        Assert.Equal(3, remaining.Count);
        Assert.All(remaining, static figure => Assert.True(decimal.Parse(figure, System.Globalization.CultureInfo.InvariantCulture) > 0));
    }
}
