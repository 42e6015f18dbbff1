using System.Net;
using System.Net.Http.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>
/// Usage records in a real PostgreSQL shared by several gateway instances: the report equals the calls made on all of
/// them, and a stopped database fails no call (its records wait, bounded, and are written once it is back).
/// </summary>
public sealed class PostgresUsageTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncDisposable
{
    private const string Completions = "api/v1/openai/chat/completions";

    private readonly MockUpstream _upstream = new();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    private async Task<Dictionary<string, string?>> SettingsAsync(params (string Key, string? Value)[] extra)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        return UsageSettings.For(_upstream, [("ChatGrpc:Usage:Store", "Postgres"), ("ConnectionStrings:Usage", connectionString), .. extra]);
    }

    [Fact]
    public async Task TwoInstances_ReportTheSumOfTheCallsMadeOnBoth()
    {
        var settings = await SettingsAsync();
        await using var first = await UsageSettings.StartAsync(settings);
        await using var second = await UsageSettings.StartAsync(settings);
        using var firstClient = UsageReportClient.For(first, UsageSettings.Alice);
        using var secondClient = UsageReportClient.For(second, UsageSettings.Bob);
        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? firstClient : secondClient).PostAsJsonAsync(Completions, SqliteUsageTests.Body(i % 4 < 2 ? UsageSettings.Priced : UsageSettings.Overridden));
            return response.StatusCode;
        }));
        Assert.All(calls, static status => Assert.Equal(HttpStatusCode.OK, status));

        using var admin = UsageReportClient.For(second, UsageSettings.Admin);
        var today = UsageReportClient.Today;
        var data = await UsageReportClient.WaitForAsync(admin, $"from={today}&to={today}", requests: 20);

        // Alice (even i) called priced for i % 4 == 0 and overridden for i % 4 == 2; Bob (odd i) likewise for 1 and 3.
        var expected = string.Join(',', new[] { ("alice", UsageSettings.Overridden, UsageSettings.OverriddenUnaryCost), ("alice", UsageSettings.Priced, UsageSettings.PricedUnaryCost), ("bob", UsageSettings.Overridden, UsageSettings.OverriddenUnaryCost), ("bob", UsageSettings.Priced, UsageSettings.PricedUnaryCost) }
            .Select(g => $$"""{"date":"{{today}}","user":"{{g.Item1}}","model":"{{g.Item2}}","requests":5,"prompt_tokens":55,"cached_prompt_tokens":15,"completion_tokens":25,"cost_usd":{{SqliteUsageTests.Number(5 * g.Item3)}}}"""));
        Assert.Equal("[" + expected + "]", data.ToJsonString());
    }

    [Fact]
    public async Task ExpiredRecords_ArePrunedInTheBackground_FromTheDatabaseAndTheReport_RecentOnesStay()
    {
        var settings = await SettingsAsync(RetentionScenario.Settings);
        await using var gateway = await UsageSettings.StartAsync(settings);
        await RetentionScenario.AssertExpiredRecordsArePrunedAsync(gateway, new PostgresUsageTable(settings["ConnectionStrings:Usage"]!));
    }

    [Fact]
    public async Task AStoppedDatabase_FailsNoCall_AndItsRecordsAreWrittenWhenItIsBack()
    {
        var settings = await SettingsAsync();
        await using var gateway = await UsageSettings.StartAsync(settings);
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        var range = $"from={UsageReportClient.Today}&to={UsageReportClient.Today}";
        using (var before = await client.PostAsJsonAsync(Completions, SqliteUsageTests.Body(UsageSettings.Priced)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await UsageReportClient.WaitForAsync(client, range, requests: 1);
        await postgres.StopAsync();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.PostAsJsonAsync(Completions, SqliteUsageTests.Body(UsageSettings.Priced));
                statuses.Add(response.StatusCode);
            }

            Assert.All(statuses, static status => Assert.Equal(HttpStatusCode.OK, status));
            using var report = await client.GetAsync("api/v1/usage?" + range);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);
        }
        finally
        {
            await postgres.StartAsync();
        }

        var data = await UsageReportClient.WaitForAsync(client, range, requests: 6);
        Assert.Equal(SqliteUsageTests.Number(6 * UsageSettings.PricedUnaryCost), data.Single()!["cost_usd"]!.ToJsonString());
    }

    [Fact]
    public async Task RecordsPastTheBuffer_AreDropped_NotWaitedFor()
    {
        var settings = await SettingsAsync(("ChatGrpc:Usage:BufferCapacity", "2"), ("ChatGrpc:Usage:BatchSize", "1"));
        await using var gateway = await UsageSettings.StartAsync(settings);
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        var range = $"from={UsageReportClient.Today}&to={UsageReportClient.Today}";
        using (var first = await client.PostAsJsonAsync(Completions, SqliteUsageTests.Body(UsageSettings.Unpriced)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await UsageReportClient.WaitForAsync(client, range, requests: 1);
        await postgres.StopAsync();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                using var response = await client.PostAsJsonAsync(Completions, SqliteUsageTests.Body(UsageSettings.Unpriced));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await postgres.StartAsync();
        }

        // While the database was down, at most the writer's batch (1) and the buffer (2) were kept: the rest were dropped.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        long written;
        do
        {
            await Task.Delay(200);
            using var report = await client.GetAsync("api/v1/usage?" + range);
            written = report.IsSuccessStatusCode
                ? (await UsageReportClient.GetAsync(client, range)).Sum(static row => (long)row!["requests"]!)
                : 0;
        }
        while (written < 4 && DateTime.UtcNow < deadline);

        Assert.Equal(4, written);
        using var metrics = gateway.CreateHttpClient(UsageSettings.Admin, UsageSettings.Password);
        var scrape = await metrics.GetStringAsync("metrics");
        var dropped = System.Text.RegularExpressions.Regex.Match(scrape, @"^chatgrpc_usage_records_dropped_total(\{[^}]*\})? (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal("5", dropped.Groups[2].Value);
    }
}
