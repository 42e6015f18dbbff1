using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Health;
using ChatGrpc.Server.Limits;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Hosting;

public sealed class ReadinessHealthCheckTests
{
    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    [Fact]
    public async Task Stopping_MakesTheInstanceNotReady()
    {
        using var lifetime = new Lifetime();
        using var shutdown = new ShutdownCoordinator(lifetime, Options.Create(new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(30) }), TimeProvider.System);
        using var admission = new CallAdmission(Options.Create(new LimitsOptions()));
        var check = new ReadinessHealthCheck(shutdown, admission);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        lifetime.StopApplication();
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.False(shutdown.CallsCut.IsCancellationRequested);
    }
}
