using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Idle connections cannot abort the process: a server started with an open-file limit of 2048 derives one
/// connection budget for REST and gRPC together below it, refuses what is past it with one summary line per
/// interval, and serves a signed-in client within a second of the flood's end.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ConnectionFloodTests
{
    private const int FileLimit = 2048;
    private const int FloodPerPort = 1300;
    private const string Password = "a flood-proof password";

    private static string ServerDll
    {
        get
        {
            var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
            return Path.Combine(RepositoryPaths.Root, "src", "ChatGrpc.Server", "bin", configuration, "net10.0", "ChatGrpc.Server.dll");
        }
    }

    [Fact]
    public async Task FloodOfIdleConnectionsOnBothPorts_UnderALowFileLimit_LeavesTheProcessServing()
    {
        var restPort = ChatGrpcServerFixture.FreeLoopbackPort();
        var grpcPort = ChatGrpcServerFixture.FreeLoopbackPort();
        var startInfo = new ProcessStartInfo("bash") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"ulimit -n {FileLimit} && exec dotnet \"$0\"");
        startInfo.ArgumentList.Add(ServerDll);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Kestrel__Endpoints__Rest__Url"] = $"http://127.0.0.1:{restPort}";
        startInfo.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        startInfo.Environment["ChatGrpc__Auth__Users__alice"] = ChatGrpcServerFixture.HashOf(Password);
        startInfo.Environment["ChatGrpc__Development__Enabled"] = "true";
        var output = new StringBuilder();
        using var server = Process.Start(startInfo)!;
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }
            }
        }

        server.OutputDataReceived += Collect;
        server.ErrorDataReceived += Collect;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var sockets = new List<Socket>();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + Password)));
            await WaitUntilServingAsync(client, server);
            string Output()
            {
                lock (output)
                {
                    return output.ToString();
                }
            }

            Assert.Contains($"open-file limit {FileLimit}", Output(), StringComparison.Ordinal);
            var logBefore = Output().Length;

            foreach (var port in new[] { restPort, grpcPort })
            {
                for (var i = 0; i < FloodPerPort; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    sockets.Add(socket);
                    try
                    {
                        await socket.ConnectAsync(IPAddress.Loopback, port);
                    }
                    catch (SocketException)
                    {
                        // Refused or reset: what a full budget may do.
                    }
                }
            }

            // Long enough for the refused connections' summary line (every 10 s) to be written.
            await Task.Delay(TimeSpan.FromSeconds(11));
            Assert.False(server.HasExited, Output());

            sockets.ForEach(static socket => socket.Dispose());
            sockets.Clear();
            var floodEnded = Stopwatch.StartNew();
            HttpStatusCode status;

            // A new client, on a new connection: the one above was opened before the flood, within the budget.
            using var newcomer = new HttpClient { BaseAddress = client.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            newcomer.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            while (true)
            {
                try
                {
                    using var answer = await newcomer.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
                    status = answer.StatusCode;
                    break;
                }
                catch (HttpRequestException) when (floodEnded.Elapsed < TimeSpan.FromSeconds(1))
                {
                    // The budget frees as the server sees the flood's connections close.
                }
            }

            var servedAfter = floodEnded.Elapsed;
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(servedAfter < TimeSpan.FromSeconds(1), $"served {servedAfter.TotalMilliseconds:F0} ms after the flood ended");
            Assert.False(server.HasExited);

            var floodLog = Output()[logBefore..];
            var refusedLines = floodLog.Split('\n').Count(static line => line.Contains("connections in the last", StringComparison.Ordinal));
            Assert.InRange(refusedLines, 1, 3);
            Assert.True(floodLog.Length < 16 * 1024, $"{floodLog.Length} characters of log for the flood:\n{floodLog[..Math.Min(floodLog.Length, 4000)]}");
        }
        finally
        {
            sockets.ForEach(static socket => socket.Dispose());
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    private static async Task WaitUntilServingAsync(HttpClient client, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "the server exited at start-up");
            try
            {
                using var answer = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
            }

            await Task.Delay(200);
        }
    }
}
