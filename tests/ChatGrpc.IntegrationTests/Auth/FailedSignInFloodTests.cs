using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>
/// Wrong passwords cannot take the CPU: while 32 clients, each from a loopback address of its own, send wrong passwords
/// for a user with a production-cost hash and for unknown users as fast as the server answers, a client whose
/// credentials were verified before keeps its latency. Before the bound on password checks, its median was over a second.
/// </summary>
[Collection(FailedSignInServer.Name)]
public sealed class FailedSignInFloodTests(FailedSignInServerFixture server, ITestOutputHelper output)
{
    private const int Attackers = 32;
    private static readonly TimeSpan AttackDuration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan RequestInterval = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task SignedInClient_KeepsAnswering_While32ClientsSendWrongPasswords()
    {
        var client = server.CreateChatClient();
        await client.CreateChatCompletionAsync(Request());
        var derivationsBefore = server.Hasher.Verifications;

        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stop = new CancellationTokenSource();
        var attackers = Enumerable.Range(0, Attackers).Select(i => AttackAsync(i, statuses, stop.Token)).ToList();

        // Paced, one at a time: each latency is the server's answer time while the attack goes on.
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < AttackDuration)
        {
            var started = clock.Elapsed;
            var completion = await client.CreateChatCompletionAsync(Request(), deadline: DateTime.UtcNow.AddSeconds(10));
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            Assert.Single(completion.Choices);
            var rest = started + RequestInterval - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(attackers);

        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1];
        var summary = $"p50 {latencies[latencies.Count / 2]:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms over {latencies.Count} calls; attackers got {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}; {server.Hasher.Verifications - derivationsBefore} derivations";
        output.WriteLine(summary);
        Assert.True(p99 < 250, summary);
        Assert.DoesNotContain(HttpStatusCode.OK, statuses.Keys);
        Assert.True(statuses.Values.Sum() >= Attackers, summary);
        Assert.True(server.Hasher.Verifications > derivationsBefore, summary);
    }

    private static CreateChatCompletionRequest Request()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello!" } } });
        return request;
    }

    private async Task AttackAsync(int index, ConcurrentDictionary<HttpStatusCode, int> statuses, CancellationToken stop)
    {
        // 127.0.0.0/8 is all loopback on Linux: each attacker is a client address of its own to the server.
        var source = new IPAddress([127, 0, 1, (byte)(2 + index)]);
        using var handler = LoopbackSource.CreateHandler(source);
        using var http = new HttpClient(handler) { BaseAddress = server.RestAddress, Timeout = TimeSpan.FromSeconds(60) };
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var user = index % 2 == 0 ? FailedSignInServerFixture.AttackedUser : $"nobody-{index}-{attempt}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions")
            {
                Content = new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization(user, $"guess-{index}-{attempt}"));
            try
            {
                using var response = await http.SendAsync(request, stop);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
