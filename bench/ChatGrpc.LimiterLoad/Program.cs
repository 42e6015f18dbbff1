using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Access.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// dotnet run -c Release --project bench/ChatGrpc.LimiterLoad -- [--redis host:port] [--duration seconds] [--concurrency n]
// Without --redis it starts Debian's redis-server on a free loopback port (nothing saved) and stops it at the end.
var settings = Settings.Parse(args);
using var redisProcess = settings.Redis is null ? RedisProcess.Start() : null;
var endpoint = settings.Redis ?? redisProcess!.Endpoint;
// allowAdmin: to read INFO commandstats at the end.
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = endpoint + ",allowAdmin=true" }).Build();
using var connection = new RedisConnection(configuration, Options.Create(new AccessOptions { RedisKeyPrefix = $"bench-{Guid.NewGuid():N}:" }), NullLogger<RedisConnection>.Instance);
var redis = new RedisUsageStore(connection);
var memory = new MemoryUsageStore(TimeProvider.System);
// Limits no run reaches: every call is granted and counted, the common case.
var limits = new UsageLimits(long.MaxValue / 4, long.MaxValue / 4, long.MaxValue / 4);

Console.WriteLine($"ChatGrpc limiter load, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Redis at {endpoint}, load average {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("One call at a time (the cost a call pays), µs:");
Console.WriteLine();
Console.WriteLine("| Store | Operation | calls | mean | p50 | p99 | p99.9 |");
Console.WriteLine("|---|---|--:|--:|--:|--:|--:|");
foreach (var (name, store) in new (string, IUsageStore)[] { ("memory", memory), ("Redis", redis) })
{
    await Sequential(name, "reserve (requests only)", store, settings.Calls, async (s, i) => await s.ReserveAsync($"user{i % 100}", new UsageLimits(long.MaxValue / 4, null, null), 0, CancellationToken.None));
    await Sequential(name, "reserve + settle (tokens)", store, settings.Calls, async (s, i) =>
    {
        var decision = await s.ReserveAsync($"user{i % 100}", limits, 500, CancellationToken.None);
        await s.SettleAsync(decision.Reservation!, 320, CancellationToken.None);
    });
}

Console.WriteLine();
Console.WriteLine($"Throughput: {settings.Concurrency} concurrent callers on one connection for {settings.Duration.TotalSeconds:0} s (client and redis-server share this machine):");
Console.WriteLine();
Console.WriteLine("| Store | Operation | users | calls/s |");
Console.WriteLine("|---|---|--:|--:|");
foreach (var users in new[] { 1, 1000 })
{
    await Throughput("memory", memory, users);
    await Throughput("Redis", redis, users);
}

// Redis's own time per script (INFO commandstats): what bounds one Redis, whatever the clients.
Console.WriteLine();
var server = connection.Multiplexer.GetServer(connection.Multiplexer.GetEndPoints()[0]);
foreach (var group in await server.InfoAsync("commandstats"))
{
    foreach (var (key, value) in group)
    {
        if (key is "cmdstat_evalsha" or "cmdstat_eval")
        {
            var perCall = double.Parse(value.Split(',').Single(part => part.StartsWith("usec_per_call=", StringComparison.Ordinal))["usec_per_call=".Length..], CultureInfo.InvariantCulture);
            Console.WriteLine($"redis-server {key["cmdstat_".Length..]}: {value}; so one Redis core runs about {1_000_000 / perCall:0} scripts/s.");
        }
    }
}

async Task Sequential(string store, string operation, IUsageStore target, int calls, Func<IUsageStore, int, Task> call)
{
    for (var i = 0; i < Math.Min(2000, calls); i++)
    {
        await call(target, i);
    }

    var times = new double[calls];
    for (var i = 0; i < calls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await call(target, i);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    Array.Sort(times);
    Console.WriteLine($"| {store} | {operation} | {calls} | {times.Average():0.0} | {times[calls / 2]:0.0} | {times[(int)(calls * 0.99)]:0.0} | {times[(int)(calls * 0.999)]:0.0} |");
}

async Task Throughput(string store, IUsageStore target, int users)
{
    var names = Enumerable.Range(0, users).Select(i => $"load{i}").ToArray();
    var requestOnly = new UsageLimits(long.MaxValue / 4, null, null);
    long total = 0;
    using var stop = new CancellationTokenSource(settings.Duration);
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
    {
        long calls = 0;
        var i = worker;
        while (!stop.IsCancellationRequested)
        {
            await target.ReserveAsync(names[i++ % names.Length], requestOnly, 0, CancellationToken.None);
            calls++;
        }

        Interlocked.Add(ref total, calls);
    })));
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    Console.WriteLine($"| {store} | reserve | {users} | {total / seconds:0} |");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

internal sealed record Settings(string? Redis, TimeSpan Duration, int Concurrency, int Calls)
{
    public static Settings Parse(string[] args)
    {
        string? redis = null;
        var duration = TimeSpan.FromSeconds(5);
        var concurrency = 64;
        var calls = 20_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--redis": redis = args[i + 1]; break;
                case "--duration": duration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--calls": calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new Settings(redis, duration, concurrency, calls);
    }
}

internal sealed class RedisProcess : IDisposable
{
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Endpoint = $"127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public static RedisProcess Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("redis-server did not listen.");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
