using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>
/// Retention through the real server, the same for both databases: records older than
/// <c>ChatGrpc:Usage:RetentionDays</c>, put in the database behind the gateway's back, are deleted by the background
/// prune (every <c>ChatGrpc:Usage:PruneInterval</c>) and leave the report; recent ones stay.
/// </summary>
internal static class RetentionScenario
{
    public const int RetentionDays = 30;
    public const long SeededPromptTokens = 100;
    public const long SeededCompletionTokens = 10;
    public const decimal SeededCost = 0.00125m;

    public static readonly (string Key, string? Value)[] Settings =
    [
        ("ChatGrpc:Usage:RetentionDays", RetentionDays.ToString(CultureInfo.InvariantCulture)),
        ("ChatGrpc:Usage:PruneInterval", "00:00:01"),
    ];

    public static async Task AssertExpiredRecordsArePrunedAsync(GatewayInstance gateway, IUsageTable table)
    {
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        string call;
        using (var response = await client.PostAsJsonAsync("api/v1/openai/chat/completions", SqliteUsageTests.Body(UsageSettings.Priced)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            call = response.Headers.GetValues("x-request-id").Single();
        }

        var today = UsageReportClient.Today;
        await UsageReportClient.WaitForAsync(client, $"from={today}&to={today}", requests: 1);

        var now = DateTimeOffset.UtcNow;
        var kept = now.AddDays(-(RetentionDays - 1));
        await table.InsertAsync(kept, "kept");
        await table.InsertAsync(now.AddDays(-(RetentionDays + 1)), "expired-first");
        await WaitForRequestIdsAsync(table, [call, "kept"]);

        // A prune ran after the first expired record was put in (the one at start, or a later one): the second can go
        // only with a later prune, which comes every PruneInterval.
        await table.InsertAsync(now.AddDays(-(RetentionDays + 2)), "expired-second");
        await WaitForRequestIdsAsync(table, [call, "kept"]);

        var from = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(RetentionDays + 5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var data = await UsageReportClient.GetAsync(client, $"from={from}&to={today}&group_by=day");
        var keptDay = kept.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expected = $$"""
            [{"date":"{{keptDay}}","requests":1,"prompt_tokens":{{SeededPromptTokens}},"cached_prompt_tokens":0,"completion_tokens":{{SeededCompletionTokens}},"cost_usd":{{SqliteUsageTests.Number(SeededCost)}}},
             {"date":"{{today}}","requests":1,"prompt_tokens":11,"cached_prompt_tokens":3,"completion_tokens":5,"cost_usd":{{SqliteUsageTests.Number(UsageSettings.PricedUnaryCost)}}}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), data.ToJsonString());
    }

    /// <summary>Waits (20 s at most) until the table holds exactly these records.</summary>
    private static async Task WaitForRequestIdsAsync(IUsageTable table, string[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var ids = await table.RequestIdsAsync();
            if (ids.SequenceEqual(expected) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, ids);
                return;
            }

            await Task.Delay(100);
        }
    }
}
