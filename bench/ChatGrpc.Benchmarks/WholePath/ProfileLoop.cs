using System.Diagnostics;
using System.Globalization;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// <c>profile METHOD MODEL SECONDS [WARMUP]</c>: runs one <see cref="WholePathBenchmarks"/> method in a loop for a while
/// and prints its wall and CPU time per call, for <c>dotnet-trace</c> or <c>dotnet-counters</c> to attach to meanwhile.
/// WARMUP seconds (default 0) run first, unmeasured, so that tiering (and PGO's instrumented tier) has settled. With
/// <c>PROFILE_ALLOCATIONS=1</c> it also prints the types allocated most, sampled by the runtime (<see cref="AllocationSampler"/>).
/// </summary>
internal static class ProfileLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        var benchmarks = new WholePathBenchmarks { Model = args[2] };
        await benchmarks.SetUp();
        Func<Task<int>> call = args[1] switch
        {
            "RestUnary" => benchmarks.RestUnary,
            "RestStream" => benchmarks.RestStream,
            "GrpcUnary" => benchmarks.GrpcUnary,
            "GrpcStream" => benchmarks.GrpcStream,
            _ => throw new ArgumentException("No such benchmark: " + args[1]),
        };
        var duration = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
        var warmUp = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0);
        for (var warming = Stopwatch.StartNew(); warming.Elapsed < warmUp;)
        {
            await call();
        }

        using var sampler = Environment.GetEnvironmentVariable("PROFILE_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        sampler?.Start();
        Console.WriteLine($"pid {Environment.ProcessId}: {args[1]} {args[2]} for {duration.TotalSeconds} s");
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < duration)
        {
            await call();
            calls++;
        }

        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} calls: {wall.TotalMicroseconds / calls:F1} µs wall, {cpu.TotalMicroseconds / calls:F1} µs CPU, {allocated / calls} B allocated per call; gen0 {GC.CollectionCount(0)}, gen2 {GC.CollectionCount(2)}"));
        sampler?.Stop();
        foreach (var line in sampler?.Report(allocated, calls, top: 40) ?? [])
        {
            Console.WriteLine(line);
        }

        await benchmarks.CleanUp();
        return 0;
    }
}
