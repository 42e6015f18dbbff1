using System.Diagnostics;
using System.Globalization;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Access.Redis;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.UsageLoad;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// dotnet run -c Release --project bench/ChatGrpc.UsageLoad -- [--records n] [--redis host:port] [--postgres "connection string"]
// Per call: the spend budget's share of a reservation and settlement (memory; Redis with --redis), and queueing one usage
// record. Then the batch writer: n records (default 200,000) queued as fast as one producer can, written by the real
// UsageRecordWriter into a SQLite file in a temporary directory, and into PostgreSQL with --postgres.
var records = IntArgument("--records", 200_000);
var redisEndpoint = Argument("--redis");
var postgres = Argument("--postgres");
Console.WriteLine($"ChatGrpc usage load, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("Per call, one at a time, µs:");
Console.WriteLine();
Console.WriteLine("| store | operation | calls | mean | p50 | p99 |");
Console.WriteLine("|---|---|--:|--:|--:|--:|");
var tokensOnly = new UsageLimits(null, long.MaxValue / 4, null);
var withBudgets = tokensOnly with { SpendPerDay = long.MaxValue / 4, SpendPerMonth = long.MaxValue / 4 };
var stores = new List<(string, IUsageStore)> { ("memory", new MemoryUsageStore(TimeProvider.System)) };
RedisConnection? connection = null;
if (redisEndpoint is not null)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redisEndpoint }).Build();
    connection = new RedisConnection(configuration, Options.Create(new AccessOptions { RedisKeyPrefix = $"bench-{Guid.NewGuid():N}:" }), NullLogger<RedisConnection>.Instance);
    stores.Add(("Redis", new RedisUsageStore(connection)));
}

foreach (var (name, store) in stores)
{
    var calls = name == "memory" ? 200_000 : 5_000;
    foreach (var (operation, limits) in new[] { ("reserve + settle (tokens)", tokensOnly), ("reserve + settle (tokens and budgets)", withBudgets) })
    {
        await Sequential(name, operation, calls, async i =>
        {
            var decision = await store.ReserveAsync($"user{i % 100}", limits, 500, 70_000, CancellationToken.None);
            await store.SettleAsync(decision.Reservation!, 320, 73_750, CancellationToken.None);
        });
    }
}

using var meters = new MeterFactory();
var queueing = new UsageRecorder(Options.Create(new UsageOptions { BufferCapacity = 1_000_000 }), meters);
var sample = Record(0);
await Sequential("channel", "queue one usage record", 500_000, i =>
{
    queueing.Record(sample);
    // Drained as it goes, as the writer would, so the queue never fills.
    queueing.Reader.TryRead(out _);
    return ValueTask.CompletedTask;
});

Console.WriteLine();
Console.WriteLine($"The batch writer: {records:N0} records queued by one producer, written by UsageRecordWriter (batches of 500):");
Console.WriteLine();
Console.WriteLine("| database | records | batches | seconds | records/s |");
Console.WriteLine("|---|--:|--:|--:|--:|");
var directory = Directory.CreateTempSubdirectory("chatgrpc-usage-bench-").FullName;
await Sustain("SQLite (WAL, temporary file)", new SqliteUsageRecordStore(Path.Combine(directory, "usage.db")));
if (postgres is not null)
{
    await using var dataSource = NpgsqlDataSource.Create(postgres);
    await Sustain("PostgreSQL (binary COPY)", new PostgresUsageRecordStore(dataSource));
}

connection?.Dispose();
Directory.Delete(directory, recursive: true);
return 0;

async Task Sustain(string name, IUsageRecordStore store)
{
    var options = Options.Create(new UsageOptions { BufferCapacity = records, BatchSize = 500 });
    var recorder = new UsageRecorder(options, meters);
    var counting = new CountingStore(store, records);
    using var writer = new UsageRecordWriter(recorder, counting, new UsageSchemaReadiness(), options, TimeProvider.System, NullLogger<UsageRecordWriter>.Instance);
    await store.MigrateAsync(CancellationToken.None);
    await writer.StartAsync(CancellationToken.None);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < records; i++)
    {
        if (!recorder.Record(Record(i)))
        {
            throw new InvalidOperationException("A record was dropped: the buffer holds every record of the run.");
        }
    }

    await counting.AllWritten.Task.WaitAsync(TimeSpan.FromMinutes(10));
    var seconds = clock.Elapsed.TotalSeconds;
    await writer.StoppedAsync(CancellationToken.None);
    Console.WriteLine($"| {name} | {records:N0} | {counting.Batches:N0} | {seconds:F1} | {records / seconds:N0} |");
}

static UsageRecord Record(int i) => new(
    DateTimeOffset.UtcNow, $"req{i:x8}", $"user{i % 50}", "basic", $"model-{i % 5}", "mock/ok", "ok", 1200, 300, 250, 0.000123450000m, false, true, 812.5, "rest");

static async Task Sequential(string store, string operation, int calls, Func<int, ValueTask> call)
{
    for (var i = 0; i < Math.Min(calls, 2_000); i++)
    {
        await call(i);
    }

    var times = new double[calls];
    for (var i = 0; i < calls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await call(i);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    Array.Sort(times);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {store} | {operation} | {calls:N0} | {times.Average():F2} | {times[calls / 2]:F2} | {times[(int)(calls * 0.99)]:F2} |"));
}

string? Argument(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int IntArgument(string name, int fallback) => Argument(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
