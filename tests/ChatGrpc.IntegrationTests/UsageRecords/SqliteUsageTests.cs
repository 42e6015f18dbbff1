using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>
/// Prices, the cost of each answer, and the usage report from the embedded SQLite database, through the real server:
/// REST and gRPC calls to a loopback upstream that reports cached tokens.
/// </summary>
public sealed class SqliteUsageTests : IAsyncDisposable
{
    private const string Completions = "api/v1/openai/chat/completions";
    private const string CostHeader = "x-chatgrpc-cost-usd";

    private readonly MockUpstream _upstream = new();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    internal static object Body(string model, bool stream = false) => stream
        ? new { model, messages = new[] { new { role = "user", content = "Hello" } }, stream = true, stream_options = new { include_usage = true } }
        : new { model, messages = new[] { new { role = "user", content = "Hello" } } };

    [Fact]
    public async Task UnaryAnswers_SayTheirCost_CachedInputAtItsOwnPrice_DeploymentPriceOverModelPrice_UnpricedZero()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);

        var costs = new List<string>();
        foreach (var model in new[] { UsageSettings.Priced, UsageSettings.Overridden, UsageSettings.Unpriced })
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(model));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            costs.Add(string.Join(',', response.Headers.GetValues(CostHeader)));
        }

        var grpc = gateway.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization(UsageSettings.Alice, UsageSettings.Password));
        using var call = grpc.CreateChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = UsageSettings.Priced,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello" } } } },
        });
        await call.ResponseAsync;
        costs.Add(call.GetTrailers().GetValue(CostHeader) ?? "absent");

        Assert.Equal(["0.00007375", "0.00009375", "0", "0.00007375"], costs);
    }

    [Fact]
    public async Task Report_EqualsTheSumOfTheCallsMade_UnaryStreamedAndFailed()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(UsageSettings.Priced));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var streamed = await client.PostAsJsonAsync(Completions, Body(UsageSettings.Priced, stream: true)))
        {
            Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
            await streamed.Content.ReadAsStringAsync();
        }

        using (var unpriced = await client.PostAsJsonAsync(Completions, Body(UsageSettings.Unpriced)))
        {
            Assert.Equal(HttpStatusCode.OK, unpriced.StatusCode);
        }

        using (var missing = await client.PostAsJsonAsync(Completions, Body("no-such-model")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var data = await UsageReportClient.WaitForAsync(client, $"from={UsageReportClient.Today}&to={UsageReportClient.Today}", requests: 5);

        // Unary: 11 prompt tokens (3 cached) and 5 completion tokens; the stream's usage chunk: 11 and 2, none cached.
        var today = UsageReportClient.Today;
        var expected = $$"""
            [{"date":"{{today}}","user":"alice","model":"no-such-model","requests":1,"prompt_tokens":0,"cached_prompt_tokens":0,"completion_tokens":0,"cost_usd":0},
             {"date":"{{today}}","user":"alice","model":"priced","requests":3,"prompt_tokens":33,"cached_prompt_tokens":6,"completion_tokens":12,"cost_usd":{{Number((2 * UsageSettings.PricedUnaryCost) + 0.0000475m)}}},
             {"date":"{{today}}","user":"alice","model":"unpriced","requests":1,"prompt_tokens":11,"cached_prompt_tokens":3,"completion_tokens":5,"cost_usd":0}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), data.ToJsonString());
    }

    [Fact]
    public async Task StreamWhoseCallerAskedNoUsage_IsRecordedWithTheUpstreamsCount_WhichTheCallerIsNotShown()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        var body = new { model = UsageSettings.Priced, messages = new[] { new { role = "user", content = "Hello" } }, stream = true };

        using var response = await client.PostAsJsonAsync(Completions, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await response.Content.ReadAsStringAsync();

        // The gateway asked the upstream for the stream's usage; the caller, who did not, gets no usage key at all.
        var sent = JsonNode.Parse(Assert.Single(_upstream.Received).Body)!;
        Assert.True((bool?)sent["stream_options"]?["include_usage"]);
        Assert.DoesNotContain("\"usage\"", events, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", events, StringComparison.Ordinal);

        // The record holds the upstream's count (11 prompt and 2 completion tokens), not an estimate of the prompt alone.
        var data = await UsageReportClient.WaitForAsync(client, $"from={UsageReportClient.Today}&to={UsageReportClient.Today}", requests: 1);
        var expected = $$"""
            [{"date":"{{UsageReportClient.Today}}","user":"alice","model":"priced","requests":1,"prompt_tokens":11,"cached_prompt_tokens":0,"completion_tokens":2,"cost_usd":{{Number(0.0000475m)}}}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), data.ToJsonString());
    }

    [Fact]
    public async Task Report_GroupedByUserAlone_AndOverGrpc_IsTheSameData()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        foreach (var model in new[] { UsageSettings.Priced, UsageSettings.Overridden })
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(model));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var query = $"from={UsageReportClient.Today}&to={UsageReportClient.Today}&group_by=user";
        var data = await UsageReportClient.WaitForAsync(client, query, requests: 2);
        var expected = $$"""
            [{"user":"alice","requests":2,"prompt_tokens":22,"cached_prompt_tokens":6,"completion_tokens":10,"cost_usd":{{Number(UsageSettings.PricedUnaryCost + UsageSettings.OverriddenUnaryCost)}}}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), data.ToJsonString());

        var usage = new UsageService.UsageServiceClient(gateway.Channel);
        var headers = new Metadata { { "authorization", ChatGrpcServerFixture.BasicAuthorization(UsageSettings.Alice, UsageSettings.Password) } };
        var answer = await usage.GetUsageAsync(new GetUsageRequest { From = UsageReportClient.Today, To = UsageReportClient.Today, GroupBy = "user" }, headers);
        var row = Assert.Single(answer.Data);
        Assert.Equal(
            ("alice", false, false, 2L, 22L, 6L, 10L, (double)(UsageSettings.PricedUnaryCost + UsageSettings.OverriddenUnaryCost)),
            (row.User, row.HasDate, row.HasModel, row.Requests, row.PromptTokens, row.CachedPromptTokens, row.CompletionTokens, row.CostUsd));
    }

    [Fact]
    public async Task GrpcReport_EqualsTheRestReport_RowForRow_ForAUserAndForAnAdmin()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var alice = UsageReportClient.For(gateway, UsageSettings.Alice);
        using var bob = UsageReportClient.For(gateway, UsageSettings.Bob);
        using var admin = UsageReportClient.For(gateway, UsageSettings.Admin);
        foreach (var (client, model, status) in new[]
        {
            (alice, UsageSettings.Priced, HttpStatusCode.OK),
            (alice, UsageSettings.Priced, HttpStatusCode.OK),
            (alice, UsageSettings.Unpriced, HttpStatusCode.OK),
            (bob, UsageSettings.Overridden, HttpStatusCode.OK),
            (bob, "no-such-model", HttpStatusCode.NotFound),
        })
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(model));
            Assert.Equal(status, response.StatusCode);
        }

        var chat = gateway.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization(UsageSettings.Bob, UsageSettings.Password));
        await chat.CreateChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = UsageSettings.Priced,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello" } } } },
        });

        var today = UsageReportClient.Today;
        await UsageReportClient.WaitForAsync(admin, $"from={today}&to={today}", requests: 6);
        var usage = new UsageService.UsageServiceClient(gateway.Channel);
        var reports = new List<(string Caller, string User, List<(string? Date, string? User, string? Model, long Requests, long Prompt, long Cached, long Completion, double Cost)> Rows)>();
        foreach (var (caller, user) in new[] { (UsageSettings.Alice, ""), (UsageSettings.Admin, ""), (UsageSettings.Admin, UsageSettings.Bob) })
        {
            using var client = UsageReportClient.For(gateway, caller);
            var rest = (await UsageReportClient.GetAsync(client, $"from={today}&to={today}&group_by=day,user,model" + (user.Length == 0 ? "" : "&user=" + user)))
                .Select(static row => ((string?)row!["date"], (string?)row["user"], (string?)row["model"], (long)row["requests"]!, (long)row["prompt_tokens"]!, (long)row["cached_prompt_tokens"]!, (long)row["completion_tokens"]!, (double)row["cost_usd"]!))
                .ToList();
            var headers = new Metadata { { "authorization", ChatGrpcServerFixture.BasicAuthorization(caller, UsageSettings.Password) } };
            var grpc = (await usage.GetUsageAsync(new GetUsageRequest { From = today, To = today, GroupBy = "day,user,model", User = user }, headers)).Data
                .Select(static row => (row.HasDate ? row.Date : null, row.HasUser ? row.User : null, row.HasModel ? row.Model : null, row.Requests, row.PromptTokens, row.CachedPromptTokens, row.CompletionTokens, row.CostUsd))
                .ToList();
            Assert.Equal(rest, grpc);
            reports.Add((caller, user, rest));
        }

        // Not two empty reports: alice sees her two models, the admin everyone's five groups, or bob's three when asked.
        Assert.Equal(
            [
                "alice/:alice/priced/2,alice/unpriced/1",
                "boss/:alice/priced/2,alice/unpriced/1,bob/no-such-model/1,bob/overridden/1,bob/priced/1",
                "boss/bob:bob/no-such-model/1,bob/overridden/1,bob/priced/1",
            ],
            reports.Select(static report => $"{report.Caller}/{report.User}:" + string.Join(',', report.Rows.Select(row => $"{row.User}/{row.Model}/{row.Requests}"))));
        Assert.All(reports.SelectMany(static report => report.Rows), row => Assert.Equal(today, row.Date));
    }

    [Fact]
    public async Task ExpiredRecords_ArePrunedInTheBackground_FromTheDatabaseAndTheReport_RecentOnesStay()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatgrpc-usage-retention-").FullName, "usage.db");
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream, [("ChatGrpc:Usage:SqlitePath", path), .. RetentionScenario.Settings]));
        await RetentionScenario.AssertExpiredRecordsArePrunedAsync(gateway, new SqliteUsageTable(path));
    }

    [Fact]
    public async Task AUser_SeesItsOwnUsage_AnAdminSeesEveryones()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var alice = UsageReportClient.For(gateway, UsageSettings.Alice);
        using var bob = UsageReportClient.For(gateway, UsageSettings.Bob);
        using var admin = UsageReportClient.For(gateway, UsageSettings.Admin);
        foreach (var client in new[] { alice, bob, bob })
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(UsageSettings.Unpriced));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var range = $"from={UsageReportClient.Today}&to={UsageReportClient.Today}&group_by=user";
        var everyone = await UsageReportClient.WaitForAsync(admin, range, requests: 3);
        Assert.Equal([("alice", 1L), ("bob", 2L)], everyone.Select(static row => ((string)row!["user"]!, (long)row["requests"]!)));
        var own = await UsageReportClient.GetAsync(alice, range);
        Assert.Equal([("alice", 1L)], own.Select(static row => ((string)row!["user"]!, (long)row["requests"]!)));
        var bobsForAdmin = await UsageReportClient.GetAsync(admin, range + "&user=bob");
        Assert.Equal([("bob", 2L)], bobsForAdmin.Select(static row => ((string)row!["user"]!, (long)row["requests"]!)));

        using var refused = await alice.GetAsync("api/v1/usage?" + range + "&user=bob");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("permission_error", "user"), ((string?)error["type"], (string?)error["param"]));
    }

    [Fact]
    public async Task InvalidParameters_Get422_InTheShapeOfChatRequests()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);

        using var response = await client.GetAsync("api/v1/usage?from=2026-02-30&group_by=day,week");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!;
        const string expected = """
            [{"type":"date_parsing","loc":["query","from"],"msg":"Input should be a valid date in the format YYYY-MM-DD, expected YYYY-MM-DD","input":"2026-02-30","ctx":{"error":"expected YYYY-MM-DD"}},
             {"type":"missing","loc":["query","to"],"msg":"Field required","input":null},
             {"type":"literal_error","loc":["query","group_by",1],"msg":"Input should be 'day', 'user' or 'model'","input":"week","ctx":{"expected":"'day', 'user' or 'model'"}}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), detail.ToJsonString());

        var usage = new UsageService.UsageServiceClient(gateway.Channel);
        var headers = new Metadata { { "authorization", ChatGrpcServerFixture.BasicAuthorization(UsageSettings.Alice, UsageSettings.Password) } };
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await usage.GetUsageAsync(new GetUsageRequest { From = "2026-01-02", To = "2026-01-01" }, headers));
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
    }

    [Fact]
    public async Task Records_AreKeptAcrossARestart()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatgrpc-usage-restart-").FullName, "usage.db");
        var settings = UsageSettings.For(_upstream, ("ChatGrpc:Usage:SqlitePath", path));
        var range = $"from={UsageReportClient.Today}&to={UsageReportClient.Today}";
        await using (var first = await UsageSettings.StartAsync(settings))
        {
            using var client = UsageReportClient.For(first, UsageSettings.Alice);
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.PostAsJsonAsync(Completions, Body(UsageSettings.Priced));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await using var second = await UsageSettings.StartAsync(settings);
        using var again = UsageReportClient.For(second, UsageSettings.Alice);
        var kept = await UsageReportClient.GetAsync(again, range);
        Assert.Equal(2L, kept.Sum(static row => (long)row!["requests"]!));
        using (var response = await again.PostAsJsonAsync(Completions, Body(UsageSettings.Priced)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var data = await UsageReportClient.WaitForAsync(again, range, requests: 3);
        Assert.Equal(Number(3 * UsageSettings.PricedUnaryCost), data.Single()!["cost_usd"]!.ToJsonString());
    }

    [Fact]
    public async Task SpendCounter_AddsEachPricedCall_LabelledByUserAndModelOnly()
    {
        await using var gateway = await UsageSettings.StartAsync(UsageSettings.For(_upstream));
        using var client = UsageReportClient.For(gateway, UsageSettings.Alice);
        foreach (var model in new[] { UsageSettings.Priced, UsageSettings.Priced, UsageSettings.Unpriced })
        {
            using var response = await client.PostAsJsonAsync(Completions, Body(model));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var scrape = await client.GetStringAsync("metrics");
        var series = System.Text.RegularExpressions.Regex.Matches(scrape, @"^chatgrpc_spend_total\{([^}]*)\} (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(static match => (
                Labels: string.Join(',', match.Groups[1].Value.Split(',').Where(static label => !label.StartsWith("otel_scope", StringComparison.Ordinal)).Order(StringComparer.Ordinal)),
                Value: double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();

        // The unpriced model adds nothing: only priced calls are spend.
        var only = Assert.Single(series);
        Assert.Equal("chatgrpc_user=\"alice\",gen_ai_request_model=\"priced\"", only.Labels);
        Assert.Equal((double)(2 * UsageSettings.PricedUnaryCost), only.Value, 12);
    }

    [Fact]
    public async Task EachCall_WritesOneRecord_WithItsKeyName_OrBasic_ItsStatusAndTransport()
    {
        var key = ChatGrpc.Server.Auth.ApiKey.Create();
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatgrpc-usage-keys-").FullName, "usage.db");
        var settings = UsageSettings.For(
            _upstream,
            ("ChatGrpc:Usage:SqlitePath", path),
            ("ChatGrpc:Auth:ApiKeys:ci-bot:User", UsageSettings.Alice),
            ("ChatGrpc:Auth:ApiKeys:ci-bot:Hash", ChatGrpc.Server.Auth.ApiKeyHash.Of(key).Encode()));
        await using (var gateway = await UsageSettings.StartAsync(settings))
        {
            using var basic = UsageReportClient.For(gateway, UsageSettings.Alice);
            using var bearer = gateway.CreateHttpClient(authenticated: false);
            bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using (var viaKey = await bearer.PostAsJsonAsync(Completions, Body(UsageSettings.Priced)))
            {
                Assert.Equal(HttpStatusCode.OK, viaKey.StatusCode);
            }

            using (var viaBasic = await basic.PostAsJsonAsync(Completions, Body("no-such-model")))
            {
                Assert.Equal(HttpStatusCode.NotFound, viaBasic.StatusCode);
            }

            var grpc = gateway.CreateChatClient("Bearer " + key);
            await grpc.CreateChatCompletionAsync(new CreateChatCompletionRequest
            {
                Model = UsageSettings.Unpriced,
                Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello" } } } },
            });
        }

        // The instance has stopped: its records are in the file.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT user_name, key_name, model, deployment, status, prompt_tokens, cached_prompt_tokens, completion_tokens, cost_picodollars, estimated, priced, transport FROM usage_records ORDER BY id";
        var rows = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        Assert.Equal(
            [
                "alice|ci-bot|priced|mock/ok|ok|11|3|5|73750000|0|1|rest",
                "alice|basic|no-such-model|null|not_found|0|0|0|0|0|0|rest",
                "alice|ci-bot|unpriced|mock/ok|ok|11|3|5|0|0|0|grpc",
            ],
            rows);
    }

    /// <summary>A cost as the report's JSON writes it (a double, shortest round-trip form).</summary>
    internal static string Number(decimal cost) => ((double)cost).ToString("R", CultureInfo.InvariantCulture);
}
