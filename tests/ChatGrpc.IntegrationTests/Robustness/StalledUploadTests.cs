using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Bodies cannot pin memory: a caller without credentials is refused before its body is read, and authenticated
/// uploads that stall are cut by ChatGrpc:RequestBody:ReadTimeout, holding only what actually arrived meanwhile.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class StalledUploadTests(StalledUploadTests.ShortReadTimeoutServer server) : IClassFixture<StalledUploadTests.ShortReadTimeoutServer>
{
    private const int DeclaredLength = 4 * 1024 * 1024;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);

    public sealed class ShortReadTimeoutServer : ChatGrpcServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["ChatGrpc:RequestBody:ReadTimeout"] = "00:00:02",
        };
    }

    private async Task<Socket> StartUploadAsync(string? authorization, int sentBytes)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.RestAddress.Port);
        var head = new StringBuilder("POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n");
        if (authorization is not null)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(DeclaredLength).Append("\r\n\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await socket.SendAsync(Encoding.ASCII.GetBytes("{\"model\":\"" + new string('x', sentBytes)));
        return socket;
    }

    [Fact]
    public async Task FourMegabyteBodyWithoutCredentials_IsRefusedWithoutBeingRead()
    {
        // Almost nothing of the declared 4 MiB is sent: an answer can only come from a server that does not wait for it.
        using var socket = await StartUploadAsync(authorization: null, sentBytes: 16);

        var answer = await ReadHeadAsync(socket, TimeSpan.FromSeconds(15));

        Assert.StartsWith("HTTP/1.1 401 ", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HundredsOfStalledUploads_AreClosedByTheReadTimeoutWithinAMemoryBound()
    {
        const int uploads = 300;
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var before = process.WorkingSet64;
        var started = Stopwatch.StartNew();

        var sockets = new List<Socket>();
        for (var i = 0; i < uploads; i++)
        {
            sockets.Add(await StartUploadAsync(ChatGrpcServerFixture.BasicAuthorization(), sentBytes: 64 * 1024));
        }

        try
        {
            process.Refresh();
            var grown = process.WorkingSet64 - before;
            using var client = server.CreateHttpClient();
            using var healthy = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

            var closed = await Task.WhenAll(sockets.Select(socket => WaitClosedAsync(socket, s_readTimeout + TimeSpan.FromSeconds(10))));

            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.All(closed, Assert.True);
            Assert.True(started.Elapsed > s_readTimeout - TimeSpan.FromMilliseconds(200), "closed before the read timeout");
            // 300 uploads of 64 KB hold about 300 x 128 KB of buffers: nowhere near 300 x 4 MiB (1.2 GB).
            Assert.True(grown < 200L * 1024 * 1024, $"Resident memory grew by {grown / (1024 * 1024)} MB with {uploads} stalled uploads.");
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private static async Task<bool> WaitClosedAsync(Socket socket, TimeSpan within)
    {
        var buffer = new byte[4096];
        using var guard = new CancellationTokenSource(within);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token) > 0)
            {
            }

            return true;
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

    private static async Task<string> ReadHeadAsync(Socket socket, TimeSpan within)
    {
        var buffer = new byte[8192];
        var answer = new StringBuilder();
        using var guard = new CancellationTokenSource(within);
        int read;
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }
}
