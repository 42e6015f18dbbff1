using ChatGrpc.Server.Admin;
using ChatGrpc.Server.Errors;
using Microsoft.Extensions.Options;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>The page's in-memory figures: fixed memory, the last five minutes only, the last calls only.</summary>
public sealed class AdminWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 5, TimeSpan.Zero);

    [Fact]
    public void Window_CountsTheLastFiveMinutesOnly()
    {
        var window = new DeploymentWindow();
        window.AttemptEnded(Now.AddMinutes(-6), ChatErrorKind.UpstreamFailed, rateLimited: true, TimeSpan.FromMilliseconds(5), streaming: false);
        window.AttemptEnded(Now.AddMinutes(-4), ChatErrorKind.UpstreamTimeout, rateLimited: false, TimeSpan.FromMilliseconds(5), streaming: false);
        window.AttemptEnded(Now, null, rateLimited: false, TimeSpan.FromMilliseconds(100), streaming: false);

        var figures = window.Read(Now);

        Assert.Equal(2, figures.Calls);
        Assert.Equal(1, figures.Errors);
        Assert.Equal(0, figures.RateLimited);
        Assert.Equal([(ChatErrorKind.UpstreamTimeout, 1)], figures.ErrorsByKind);
        Assert.Equal(0, window.Read(Now.AddMinutes(6)).Calls);
    }

    [Fact]
    public void Window_Percentiles_AreWithinTheirBinOfTheTrueValue()
    {
        var window = new DeploymentWindow();
        for (var i = 1; i <= 100; i++)
        {
            window.AttemptEnded(Now, null, rateLimited: false, TimeSpan.FromMilliseconds(i * 10), streaming: false);
            window.AttemptEnded(Now, null, rateLimited: false, TimeSpan.FromMilliseconds(i), streaming: true);
            window.StreamEnded(Now, TimeSpan.FromMilliseconds(i * 10));
        }

        var figures = window.Read(Now);

        // True values: p50 500 ms and p95 950 ms of the whole attempts; 50 and 95 ms to the first chunk. Bins are 25% wide.
        Assert.InRange(figures.LatencyP50!.Value, 500, 625);
        Assert.InRange(figures.LatencyP95!.Value, 950, 1_190);
        Assert.InRange(figures.FirstChunkP50!.Value, 50, 63);
        Assert.InRange(figures.FirstChunkP95!.Value, 95, 119);
    }

    [Fact]
    public void RecentCalls_KeepTheLastOnes_NewestFirst()
    {
        var buffer = new RecentCallsBuffer(Options.Create(new AdminOptions { RecentCalls = 3 }));
        for (var i = 0; i < 10; i++)
        {
            buffer.Add(new RecentCallEntry(Now.AddSeconds(i), $"id-{i}", "u", "basic", "m", "d", "ok", "rest", false, 1, null, null, null, [], string.Empty));
        }

        Assert.Equal(["id-9", "id-8", "id-7"], buffer.NewestFirst().Select(static call => call.RequestId));
    }
}
