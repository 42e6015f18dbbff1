using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core.Interceptors;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>The page's data as scripts get it: JSON under /api/v1/admin/ and chatgrpc.v1.AdminService over gRPC.</summary>
public sealed class AdminDataTests(AdminServerFixture server) : IClassFixture<AdminServerFixture>
{
    private static string Today => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Upstreams_CountAttemptsErrorsByKindAndLatencies_PerDeployment()
    {
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);
        await AdminCalls.GrpcAsync(server, AdminServerFixture.FailoverModel, stream: true);

        var upstreams = await AdminCalls.AdminJsonAsync(server, "/api/v1/admin/upstreams");

        Assert.Equal(300, upstreams["windowSeconds"]!.GetValue<int>());
        var failover = upstreams["models"]!.AsArray().Single(model => model!["name"]!.GetValue<string>() == AdminServerFixture.FailoverModel)!;
        var failing = failover["deployments"]!.AsArray().Single(d => d!["label"]!.GetValue<string>() == "mock/fail-500")!;
        var healthy = failover["deployments"]!.AsArray().Single(d => d!["label"]!.GetValue<string>() == "mock/ok")!;
        Assert.Equal("mock", failing["provider"]!.GetValue<string>());
        Assert.Equal("openai", failing["kind"]!.GetValue<string>());
        Assert.Equal("CIRCUIT_STATE_CLOSED", failing["circuitState"]!.GetValue<string>());
        var errors = failing["errors"]!.GetValue<int>();
        Assert.True(errors >= 2, $"{errors} errors counted for two calls that each failed there first.");
        Assert.Equal(errors, failing["calls"]!.GetValue<int>());
        Assert.Equal(errors, failing["errorsByKind"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "upstream_failed")!["count"]!.GetValue<int>());
        Assert.Null(failing["latencyP50Ms"]);
        Assert.True(healthy["calls"]!.GetValue<int>() >= 2);
        Assert.Equal(0, healthy["errors"]!.GetValue<int>());
        Assert.True(healthy["latencyP50Ms"]!.GetValue<double>() > 0);
        Assert.True(healthy["latencyP95Ms"]!.GetValue<double>() >= healthy["latencyP50Ms"]!.GetValue<double>());
        Assert.True(healthy["firstChunkP50Ms"]!.GetValue<double>() > 0);
        Assert.Equal(8, healthy["maxConcurrentCalls"]!.GetValue<int>());
        Assert.Equal(4, healthy["queueLength"]!.GetValue<int>());
        Assert.Equal(0, healthy["inFlight"]!.GetValue<int>());
        Assert.Equal(0, healthy["queued"]!.GetValue<int>());
    }

    [Fact]
    public async Task Grpc_GetsWhatTheJsonShows()
    {
        await AdminCalls.RestAsync(server, AdminServerFixture.OkModel);
        var client = new AdminService.AdminServiceClient(server.Channel.Intercept(headers =>
        {
            headers.Add("authorization", ChatGrpcServerFixture.BasicAuthorization());
            return headers;
        }));

        var upstreams = await client.GetUpstreamsAsync(new GetUpstreamsRequest());
        var json = await AdminCalls.AdminJsonAsync(server, "/api/v1/admin/upstreams");
        var calls = await client.ListRecentCallsAsync(new ListRecentCallsRequest { Model = AdminServerFixture.OkModel, Limit = 1 });
        var jsonCalls = await AdminCalls.AdminJsonAsync(server, $"/api/v1/admin/calls?model={AdminServerFixture.OkModel}&limit=1");

        Assert.Equal(json["models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()), upstreams.Models.Select(m => m.Name));
        Assert.Equal(json["models"]!.AsArray().SelectMany(m => m!["deployments"]!.AsArray()).Select(d => d!["label"]!.GetValue<string>()), upstreams.Models.SelectMany(m => m.Deployments).Select(d => d.Label));
        var call = Assert.Single(calls.Calls);
        Assert.Equal(jsonCalls["calls"]![0]!["requestId"]!.GetValue<string>(), call.RequestId);
        Assert.Equal(AdminServerFixture.OkModel, call.Model);
        Assert.Equal("ok", call.Status);
        Assert.Equal("mock/ok", call.Deployment);
        Assert.Equal(500, calls.Capacity);
        Assert.True(call.CostUsd > 0, "A priced call's cost is shown.");
    }

    [Fact]
    public async Task Spend_Today_IsWhatTheUsageReportSays()
    {
        await server.SeedAsync();
        await AdminCalls.RestAsync(server, AdminServerFixture.OkModel);
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);
        await AdminCalls.SpendOnceRecordedAsync(server, requests: 2);

        var spend = await AdminCalls.AdminJsonAsync(server, $"/api/v1/admin/spend?from={Today}&to={Today}");
        var report = await AdminCalls.AdminJsonAsync(server, $"/api/v1/usage?from={Today}&to={Today}");

        Assert.True(spend["recordsAvailable"]!.GetValue<bool>());
        var rows = report["data"]!.AsArray();
        Assert.Equal(rows.Sum(r => AdminCalls.Long(r!["requests"])), AdminCalls.Long(spend["today"]!["requests"]));
        Assert.Equal(rows.Sum(r => r!["cost_usd"]!.GetValue<double>()), spend["today"]!["costUsd"]!.GetValue<double>(), 9);
        Assert.Equal(spend["today"]!.ToJsonString(), spend["range"]!.ToJsonString());
        Assert.Equal(30, spend["daily"]!.AsArray().Count);
        Assert.Equal(Today, spend["daily"]!.AsArray()[^1]!["date"]!.GetValue<string>());

        // The seeded past: 30 days of it in the chart, none of it today.
        var month = await AdminCalls.AdminJsonAsync(server, "/api/v1/admin/spend");
        var chartRequests = month["daily"]!.AsArray().Sum(d => AdminCalls.Long(d!["requests"]));
        Assert.True(chartRequests > 4_000, $"{chartRequests} requests in 30 days of seeded records (about 29 of their 59 days).");
    }

    [Fact]
    public async Task Spend_InvalidRange_Returns422InTheShapeOfChatRequests()
    {
        using var client = server.CreateHttpClient();
        using var response = await client.GetAsync("/api/v1/admin/spend?from=2026-13-01&to=2026-01-01");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("""["query","from"]""", body["detail"]![0]!["loc"]!.ToJsonString());
        Assert.Equal("date_parsing", body["detail"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecentCalls_ACallersLongModelName_IsCut()
    {
        var model = new string('m', 5_000);
        var (status, _) = await AdminCalls.SendRestAsync(server, model);
        Assert.NotEqual(HttpStatusCode.OK, status);

        var calls = await AdminCalls.AdminJsonAsync(server, "/api/v1/admin/calls");

        var kept = calls["calls"]!.AsArray().First(c => c!["model"]?.GetValue<string>().StartsWith("mmm", StringComparison.Ordinal) == true)!;
        Assert.Equal(Server.Admin.RecentCallsMiddleware.MaxModelLength + 1, kept["model"]!.GetValue<string>().Length);
    }
}
