using BenchmarkDotNet.Running;
using ChatGrpc.Benchmarks;

// Pick benchmarks with --filter and a job with --job (short for a quick look); bench/README.md has the commands.
// (Not typeof(Program): the server's own top-level Program is visible here too, through InternalsVisibleTo.)
BenchmarkSwitcher.FromAssembly(typeof(SampleRequests).Assembly).Run(args);
