using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Overload;

/// <summary>
/// Slow and idle clients cannot exhaust the process: a client that stops reading a stream is cut after
/// ChatGrpc:Limits:StalledClientTimeout (and its upstream call cancelled), and connections beyond Kestrel's limit are
/// refused while the server keeps answering.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class SlowClientTests
{
    private sealed class StrictServer : ChatGrpcServerFixture
    {
        public ObservingProvider Flood { get; } = new(flood: true);

        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["ChatGrpc:Limits:StalledClientTimeout"] = "00:00:01",
            ["Kestrel:Limits:MaxConcurrentConnections"] = "20",
            ["ChatGrpc:Development:TokenDelay"] = "00:00:00.020",
        };

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(new ModelRoute("flood", Flood));
    }

    [Fact]
    public async Task ClientThatStopsReading_IsCutAfterTheTimeout_AndItsUpstreamCancelled()
    {
        await using var server = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, server.Server.RestAddress.Port);
        const string body = """{"model":"flood","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
        await socket.SendAsync(Encoding.ASCII.GetBytes($"POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: {ChatGrpcServerFixture.BasicAuthorization()}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        await server.Server.Flood.Started.WaitAsync(TimeSpan.FromSeconds(20));
        var stalledSince = Stopwatch.GetTimestamp();

        var cancelledAt = await server.Server.Flood.CancelledAt.WaitAsync(TimeSpan.FromSeconds(20));

        var after = Stopwatch.GetElapsedTime(stalledSince, cancelledAt);
        Assert.InRange(after, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimit_AreRefused_WhileTheServerKeepsAnswering()
    {
        await using var server = await StartAsync();
        using var client = server.Server.CreateHttpClient();
        using (var warm = await client.GetAsync("api/v1/openai/models"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.Server.RestAddress.Port);
                idle.Add(socket);
            }

            var refused = 0;
            foreach (var socket in idle)
            {
                if (await IsClosedByServerAsync(socket, TimeSpan.FromMilliseconds(300)))
                {
                    refused++;
                }
            }

            // The client's kept-alive connection is one of the 20: it still answers.
            using var answer = await client.GetAsync("api/v1/openai/models");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.InRange(refused, 21, 40);
        }
        finally
        {
            idle.ForEach(socket => socket.Dispose());
        }
    }

    [Fact]
    public async Task Overhead_StaysSmallWhileTheModelTakesLong()
    {
        await using var server = await StartAsync();
        using var client = server.Server.CreateHttpClient();
        using (await client.GetAsync("api/v1/openai/models"))
        {
        }

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        var total = stopwatch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overhead = TimeSpan.FromMilliseconds(double.Parse(response.Headers.GetValues("x-chatgrpc-overhead-ms").Single(), CultureInfo.InvariantCulture));
        // 18 tokens at 20 ms each: the model takes about 360 ms; the gateway's own part is a small share of it.
        Assert.True(total > TimeSpan.FromMilliseconds(300), $"the call took only {total}");
        Assert.True(overhead < total / 4, $"overhead {overhead.TotalMilliseconds} ms of {total.TotalMilliseconds} ms");
    }

    private static async Task<ServerScope> StartAsync()
    {
        var server = new StrictServer();
        await server.InitializeAsync();
        return new ServerScope(server);
    }

    private static async Task<bool> IsClosedByServerAsync(Socket socket, TimeSpan within)
    {
        var buffer = new byte[256];
        using var guard = new CancellationTokenSource(within);
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class ServerScope(StrictServer server) : IAsyncDisposable
    {
        public StrictServer Server { get; } = server;

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
