using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Overload;

/// <summary>
/// Beyond ChatGrpc:Limits:MaxConcurrentCalls running and QueueLength waiting, calls are refused at once with 503 and
/// Retry-After, and the instance reports itself not ready until it has room again.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class LoadSheddingTests
{
    private const int MaxConcurrentCalls = 4;
    private const int QueueLength = 2;
    private const int Calls = 20;

    private sealed class SmallServer : ChatGrpcServerFixture
    {
        public GatedProvider Gate { get; } = new();

        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["ChatGrpc:Limits:MaxConcurrentCalls"] = MaxConcurrentCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Limits:QueueLength"] = QueueLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Limits:RetryAfter"] = "00:00:02",
        };

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(new ModelRoute("gated", Gate));
    }

    [Fact]
    public async Task TwentyParallelCalls_GiveExactlyTheLimitAndQueueInAnswers_AndTheRest503WithRetryAfter()
    {
        var server = new SmallServer();
        await server.InitializeAsync();
        try
        {
            using var client = server.CreateHttpClient();
            var calls = Enumerable.Range(0, Calls).Select(_ => client.PostAsync(
                "api/v1/openai/chat/completions",
                new StringContent("""{"model":"gated","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"))).ToList();

            // Everything beyond the places and the queue is answered while the gate is still closed.
            var refusedCount = Calls - MaxConcurrentCalls - QueueLength;
            while (calls.Count(call => call.IsCompleted) < refusedCount || server.Gate.Inside < MaxConcurrentCalls)
            {
                await Task.Delay(20).WaitAsync(TimeSpan.FromSeconds(30));
            }

            using var readyWhileFull = await client.GetAsync("readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileFull.StatusCode);
            Assert.Equal(MaxConcurrentCalls, server.Gate.Inside);
            Assert.Equal(refusedCount, calls.Count(call => call.IsCompleted));

            server.Gate.Open();
            var answers = await Task.WhenAll(calls);

            Assert.Equal(MaxConcurrentCalls + QueueLength, answers.Count(answer => answer.StatusCode == HttpStatusCode.OK));
            var refused = answers.Where(answer => answer.StatusCode != HttpStatusCode.OK).ToList();
            Assert.Equal(refusedCount, refused.Count);
            foreach (var answer in refused)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(2), answer.Headers.RetryAfter?.Delta);
                JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unavailable, "The gateway is at its limit of calls in flight; try again shortly."), await answer.Content.ReadAsStringAsync());
            }

            using var readyAfter = await client.GetAsync("readyz");
            Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
            answers.ToList().ForEach(answer => answer.Dispose());
        }
        finally
        {
            server.Gate.Open();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RefusedCalls_DoNotGrowTheServersMemory()
    {
        var server = new SmallServer();
        await server.InitializeAsync();
        try
        {
            using var client = server.CreateHttpClient();
            var held = Enumerable.Range(0, MaxConcurrentCalls + QueueLength).Select(_ => client.PostAsync(
                "api/v1/openai/chat/completions",
                new StringContent("""{"model":"gated","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"))).ToList();
            while (server.Gate.Inside < MaxConcurrentCalls)
            {
                await Task.Delay(20).WaitAsync(TimeSpan.FromSeconds(30));
            }

            await RefuseAsync(client, 200);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            await RefuseAsync(client, 2_000);
            var after = GC.GetTotalMemory(forceFullCollection: true);

            Assert.True(after - before < 8 * 1024 * 1024, $"2,000 refused calls left {(after - before) / 1024} KB behind.");
            server.Gate.Open();
            await Task.WhenAll(held);
        }
        finally
        {
            server.Gate.Open();
            await server.DisposeAsync();
        }
    }

    private static async Task RefuseAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsync(
                "api/v1/openai/chat/completions",
                new StringContent("""{"model":"gated","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }
}
