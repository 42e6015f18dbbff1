using System.Net;
using System.Net.Http.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using Grpc.Health.V1;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// Redis stopped while the gateway runs: <c>ChatGrpc:Access:RedisFailure</c> decides (Closed: users with limits get
/// 503, the instance is not ready; Open: they are served, counted in memory, the instance is ready but degraded), and
/// when Redis is back the limits are shared again. Each test has a Redis of its own, since it stops it.
/// </summary>
public sealed class RedisOutageTests
{
    private const string Completions = "api/v1/openai/chat/completions";
    private static readonly TimeSpan s_recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Closed_RefusesLimitedCallsWith503_IsNotReady_AndRecoversWhenRedisIsBack()
    {
        await using var redis = new RedisServerLease();
        await redis.Server.StartAsync();
        var settings = SharedLimitsSettings.For(redis.Server, SharedLimitsSettings.NewKeyPrefix(), "Closed", ("RequestsPerMinute", "100"));
        await using var gateway = new GatewayInstance(settings);
        await gateway.InitializeAsync();
        using var limited = gateway.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        using var unlimited = gateway.CreateHttpClient();
        using var probe = gateway.CreateHttpClient(authenticated: false);
        using (var before = await limited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        redis.Server.Stop();
        var refused = await UntilAsync(() => limited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev")), response => response.StatusCode == HttpStatusCode.ServiceUnavailable);
        using (refused)
        {
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            Assert.Contains("limits store is unreachable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var ready = await probe.GetAsync("readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.StartsWith("Unhealthy", body, StringComparison.Ordinal);
            Assert.Contains("Redis is unreachable", body, StringComparison.Ordinal);
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await GrpcHealthAsync(gateway, HealthCheckResponse.Types.ServingStatus.NotServing));
        using (var free = await unlimited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev")))
        {
            // A user without limits needs no store.
            Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        }

        await redis.Server.StartAsync();
        using var recovered = await UntilAsync(() => limited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev")), response => response.StatusCode == HttpStatusCode.OK);
        using var readyAgain = await UntilAsync(() => probe.GetAsync("readyz"), response => response.StatusCode == HttpStatusCode.OK);
        Assert.Equal("Healthy", await readyAgain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Open_ServesLimitedCalls_CountingInMemory_AndIsReadyButDegraded()
    {
        await using var redis = new RedisServerLease();
        await redis.Server.StartAsync();
        var settings = SharedLimitsSettings.For(redis.Server, SharedLimitsSettings.NewKeyPrefix(), "Open", ("RequestsPerMinute", "3"));
        await using var gateway = new GatewayInstance(settings);
        await gateway.InitializeAsync();
        using var limited = gateway.CreateHttpClient(SharedLimitsSettings.User, SharedLimitsSettings.Password);
        using var probe = gateway.CreateHttpClient(authenticated: false);

        redis.Server.Stop();
        using var degraded = await UntilAsync(() => probe.GetAsync("readyz"), response => response.StatusCode == HttpStatusCode.OK && response.Content.ReadAsStringAsync().Result.StartsWith("Degraded", StringComparison.Ordinal));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await limited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
            statuses.Add(response.StatusCode);
        }

        // Served while Redis is away, and still limited, by this instance alone.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Redis is unreachable", await degraded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await GrpcHealthAsync(gateway, HealthCheckResponse.Types.ServingStatus.Serving));
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> GrpcHealthAsync(GatewayInstance gateway, HealthCheckResponse.Types.ServingStatus expected)
    {
        // The gRPC health service answers from the last published report (every second): wait for it to say so.
        var client = new Health.HealthClient(gateway.Channel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var status = (await client.CheckAsync(new HealthCheckRequest())).Status;
        while (status != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = (await client.CheckAsync(new HealthCheckRequest())).Status;
        }

        return status;
    }

    private static async Task<HttpResponseMessage> UntilAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow + s_recovery;
        while (true)
        {
            var response = await send();
            if (done(response))
            {
                return response;
            }

            if (DateTime.UtcNow > deadline)
            {
                var body = await response.Content.ReadAsStringAsync();
                response.Dispose();
                throw new Xunit.Sdk.XunitException($"still {(int)response.StatusCode} after {s_recovery}: {body}");
            }

            response.Dispose();
            await Task.Delay(100);
        }
    }

    /// <summary>A Redis of the test's own, stopped at the end whatever happened.</summary>
    private sealed class RedisServerLease : IAsyncDisposable
    {
        public RedisServer Server { get; } = new();

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
