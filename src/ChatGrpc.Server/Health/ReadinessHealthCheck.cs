using ChatGrpc.Server.Completions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatGrpc.Server.Health;

/// <summary>Whether this instance should be sent new calls: not once it is shutting down.</summary>
internal sealed class ReadinessHealthCheck(ShutdownCoordinator shutdown) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(shutdown.IsStopping
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}
