using BenchmarkDotNet.Running;
using ChatGrpc.Benchmarks;
using ChatGrpc.Benchmarks.WholePath;

// Pick benchmarks with --filter and a job with --job (short for a quick look); bench/README.md has the commands.
// `profile METHOD MODEL SECONDS [WARMUP]` loops one whole-path call instead, for a profiler to attach to.
if (args is ["profile", _, _, _] or ["profile", _, _, _, _])
{
    return await ProfileLoop.RunAsync(args);
}

// (Not typeof(Program): the server's own top-level Program is visible here too, through InternalsVisibleTo.)
BenchmarkSwitcher.FromAssembly(typeof(SampleRequests).Assembly).Run(args);
return 0;
