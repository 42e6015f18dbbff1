using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Hosting;

/// <summary>
/// The server as an operator runs it: its own process, started from another directory, configured through
/// environment variables. Start-up mistakes end it with one clear message and a non-zero exit code.
/// </summary>
public sealed partial class PublishedServerTests
{
    private static string ServerDll
    {
        get
        {
            // The server is built beside the tests, in the same configuration.
            var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
            return Path.Combine(RepositoryPaths.Root, "src", "ChatGrpc.Server", "bin", configuration, "net10.0", "ChatGrpc.Server.dll");
        }
    }

    private static Dictionary<string, string> Environment(string environment, params (string Key, string Value)[] settings)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Kestrel__Endpoints__Rest__Url"] = $"http://127.0.0.1:{ChatGrpcServerFixture.FreeLoopbackPort()}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{ChatGrpcServerFixture.FreeLoopbackPort()}",
        };
        foreach (var (key, value) in settings)
        {
            variables[key] = value;
        }

        return variables;
    }

    [Fact]
    public async Task Help_PrintsUsageAndExits0_WithoutStarting()
    {
        var result = await ExternalProcess.RunAsync("dotnet", [ServerDll, "--help"], Path.GetTempPath(), Environment("Production"), TimeSpan.FromSeconds(60));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("hash-password", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurationMistakes_EndStartUpWithEveryProblemListedAndNoStackTrace()
    {
        var result = await ExternalProcess.RunAsync(
            "dotnet",
            [ServerDll],
            Path.GetTempPath(),
            Environment(
                "Production",
                ("ChatGrpc__Auth__Users__bob", "not-a-hash"),
                ("ChatGrpc__RequestBody__MaxBytes", "0"),
                ("ChatGrpc__RequestBody__ReadTimeout", "-00:00:01")),
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ChatGrpc cannot start", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc:Auth:Users:bob", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc:RequestBody:MaxBytes", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc:RequestBody:ReadTimeout", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartedFromAnotherDirectory_ReadsItsOwnSettingsFiles()
    {
        // appsettings.Development.json holds the development user: it answers only if the files were found.
        await using var server = await RunningServer.StartAsync(ServerDll, Environment("Development"));
        using var client = new HttpClient { BaseAddress = server.RestAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("dev:dev-password")));

        using var response = await client.GetAsync("api/v1/openai/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ProductionWithoutUsers_WarnsNamingTheSetting()
    {
        await using var server = await RunningServer.StartAsync(ServerDll, Environment("Production"));

        Assert.Contains("ChatGrpc:Auth:Users", server.Output, StringComparison.Ordinal);
        Assert.Contains("warn", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_ServesTheDevelopmentModelOnlyWhenEnabled_AndLogsWhatItServes()
    {
        const string Password = "a production password";
        var user = ("ChatGrpc__Auth__Users__alice", ChatGrpcServerFixture.HashOf(Password));
        await using (var production = await RunningServer.StartAsync(ServerDll, Environment("Production", user)))
        {
            using var client = SignedIn(production, "alice", Password);
            using var models = await client.GetAsync("api/v1/openai/models");
            using var call = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
            Assert.DoesNotContain("chatgrpc-dev", await models.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, call.StatusCode);
            Assert.Contains("serving: no models.", production.Output, StringComparison.Ordinal);
        }

        await using var enabled = await RunningServer.StartAsync(ServerDll, Environment("Production", user, ("ChatGrpc__Development__Enabled", "true")));
        using var enabledClient = SignedIn(enabled, "alice", Password);
        using var answer = await enabledClient.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("serving: chatgrpc-dev.", enabled.Output, StringComparison.Ordinal);
    }

    private static HttpClient SignedIn(RunningServer server, string user, string password)
    {
        var client = new HttpClient { BaseAddress = server.RestAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>A server process, stopped when disposed.</summary>
    private sealed partial class RunningServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private RunningServer(Process process) => _process = process;

        public Uri RestAddress { get; private set; } = null!;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<RunningServer> StartAsync(string dll, Dictionary<string, string> environment)
        {
            var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            startInfo.ArgumentList.Add(dll);
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }

            var server = new RunningServer(Process.Start(startInfo)!);
            var restUrl = environment["Kestrel__Endpoints__Rest__Url"];
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(object sender, DataReceivedEventArgs line)
            {
                if (line.Data is null)
                {
                    return;
                }

                lock (server._output)
                {
                    server._output.AppendLine(line.Data);
                }

                if (Listening().Match(line.Data) is { Success: true } match && match.Groups[1].Value == restUrl)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
                }

                if (line.Data.Contains("Application started", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            }

            server._process.OutputDataReceived += OnLine;
            server._process.ErrorDataReceived += OnLine;
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            server.RestAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
        private static partial Regex Listening();
    }
}
