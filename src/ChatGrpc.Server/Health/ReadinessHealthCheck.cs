using ChatGrpc.Server.Completions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatGrpc.Server.Health;

/// <summary>Whether this instance should be sent new calls: not while it sheds load, nor once it is shutting down.</summary>
internal sealed class ReadinessHealthCheck(ShutdownCoordinator shutdown, Limits.CallAdmission admission) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            shutdown.IsStopping ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : admission.IsShedding ? HealthCheckResult.Unhealthy("The server is at its limit of calls in flight and refuses new ones.")
            : HealthCheckResult.Healthy());
}
