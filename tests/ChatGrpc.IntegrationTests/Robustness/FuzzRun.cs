using System.Collections.Concurrent;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Runs numbered fuzz iterations on a few concurrent workers. Each iteration draws from its own
/// <see cref="Random"/> seeded by the run's seed and its number (not HashCode, which is salted per process), so a failure replays alone, whatever ran beside it.
/// </summary>
internal static class FuzzRun
{
    private const int FailuresShown = 5;

    /// <param name="iteration">Sends one input; returns null when the answer was right, else the failure.</param>
    public static async Task<IReadOnlyList<FuzzFailure>> RunAsync(int seed, int iterations, int workers, Func<int, Random, Task<FuzzFailure?>> iteration)
    {
        var failures = new ConcurrentQueue<FuzzFailure>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int current;
            while ((current = Interlocked.Increment(ref next)) < iterations && failures.Count < FailuresShown)
            {
                if (await iteration(current, new Random(unchecked((seed * 1_000_003) + current))) is { } failure)
                {
                    failures.Enqueue(failure);
                }
            }
        })));
        return [.. failures.OrderBy(f => f.Iteration)];
    }
}
