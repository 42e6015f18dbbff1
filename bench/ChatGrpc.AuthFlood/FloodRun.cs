using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;
using ChatGrpc.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatGrpc.AuthFlood;

/// <summary>
/// Hosts the real gateway in this process with production-cost (600,000-iteration) hashes and its default auth
/// settings, signs one client in, then measures that client's latency at a fixed rate (open loop: each request is
/// timed from when it was due, so a stall counts against every request it delays) first alone, then while attackers,
/// each in a closed loop (at most <see cref="FloodSettings.AttackerRate"/> requests a second, or as fast as the server
/// answers), send wrong passwords for a real user and random unknown users.
/// </summary>
internal static class FloodRun
{
    private const string SignedInUser = "alice";
    private const string SignedInPassword = "alice's long passphrase";
    private const string AttackedUser = "victim";
    private const string AttackBody = """{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""";

    public static async Task<int> RunAsync(FloodSettings settings)
    {
        var hasher = new CountingHasher();
        var restPort = FreeLoopbackPort();
        var grpcPort = FreeLoopbackPort();
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = $"http://127.0.0.1:{restPort}",
            ["Kestrel:Endpoints:Rest:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            [$"ChatGrpc:Auth:Users:{SignedInUser}"] = hasher.Hash(Encoding.UTF8.GetBytes(SignedInPassword)).Encode(),
            ["ChatGrpc:Development:Enabled"] = "true",
            [$"ChatGrpc:Auth:Users:{AttackedUser}"] = hasher.Hash(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())).Encode(),
            ["Logging:LogLevel:Default"] = "Error",
        };

        await using var app = ChatGrpcApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(hasher));
        });
        await app.StartAsync();

        var options = new BasicAuthOptions();
        Console.WriteLine($"ChatGrpc auth flood: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"server defaults: MaxConcurrentPasswordChecks={options.MaxConcurrentPasswordChecks} MaxQueuedPasswordChecks={options.MaxQueuedPasswordChecks} FailuresBeforeDelay={options.FailuresBeforeDelay} FailuresBeforeLockout={options.FailuresBeforeLockout} LockoutDuration={options.LockoutDuration}");
        Console.WriteLine($"run: {settings.Rate} req/s for {settings.Duration.TotalSeconds} s, {settings.Attackers} attackers at {(settings.AttackerRate > 0 ? $"up to {settings.AttackerRate} req/s each" : "as fast as answered")}, from {(settings.DistinctAddresses ? "one loopback address each" : "the signed-in client's address, 127.0.0.1")}");

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var client = new ChatService.ChatServiceClient(channel);
        var signedIn = new Metadata { { "authorization", Basic(SignedInUser, SignedInPassword) } };

        // Sign in (one derivation), warm up the JIT and the connection, then the baseline without attackers.
        await MeasureAsync(client, signedIn, settings.Rate, TimeSpan.FromSeconds(3));
        var baseline = await MeasureAsync(client, signedIn, settings.Rate, TimeSpan.FromSeconds(5));
        Console.WriteLine($"signed-in client alone:        {Latencies.Describe(baseline.Latencies)} failed={baseline.Failures}");

        var derivationsBefore = hasher.Verifications;
        var statuses = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var attackers = Enumerable.Range(0, settings.Attackers)
            .Select(i => AttackAsync(i, restPort, settings.DistinctAddresses ? LoopbackSource.Address(i) : IPAddress.Loopback, settings.AttackerRate, statuses, stop.Token))
            .ToList();
        var underAttack = await MeasureAsync(client, signedIn, settings.Rate, settings.Duration);
        await stop.CancelAsync();
        await Task.WhenAll(attackers);

        Console.WriteLine($"signed-in client under attack: {Latencies.Describe(underAttack.Latencies)} failed={underAttack.Failures}");
        Console.WriteLine($"attackers' answers: {string.Join(", ", statuses.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: {pair.Value}"))}");
        Console.WriteLine($"password derivations the attack cost the server: {hasher.Verifications - derivationsBefore}");
        await app.StopAsync();
        return statuses.ContainsKey("200") ? 1 : 0;
    }

    private static async Task<Measurement> MeasureAsync(ChatService.ChatServiceClient client, Metadata headers, int rate, TimeSpan duration)
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello!" } } });
        var count = (int)(rate * duration.TotalSeconds);
        var latencies = new double[count];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var index = i;
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await client.CreateChatCompletionAsync(request, headers, deadline: DateTime.UtcNow.AddSeconds(10));
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(calls);
        return new Measurement(latencies, failures);
    }

    private static async Task AttackAsync(int index, int restPort, IPAddress source, int rate, ConcurrentDictionary<string, int> statuses, CancellationToken stop)
    {
        using var http = new HttpClient(LoopbackSource.CreateHandler(source)) { BaseAddress = new Uri($"http://127.0.0.1:{restPort}/"), Timeout = TimeSpan.FromSeconds(60) };
        var interval = rate > 0 ? TimeSpan.FromSeconds(1.0 / rate) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            var rest = attempt * interval - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            // Half guess the real user's password, half try unknown users; a new password every time, so no two share a check.
            var user = index % 2 == 0 ? AttackedUser : $"nobody{index}-{attempt}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions")
            {
                Content = new StringContent(AttackBody, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(Basic(user, $"guess-{index}-{attempt++}"));
            string status;
            try
            {
                using var response = await http.SendAsync(request, stop);
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException exception)
            {
                status = exception.GetType().Name;
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Measurement(double[] Latencies, int Failures);
}
