using ChatGrpc.Server.Access.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Access;

/// <summary>
/// The limits store's state, for readiness. With Redis: unreachable under <see cref="RedisFailurePolicy.Closed"/> makes
/// the instance not ready (calls of users with limits are refused); under <see cref="RedisFailurePolicy.Open"/> it
/// stays ready, degraded. The in-memory store is always healthy.
/// </summary>
internal sealed class LimitsStoreHealthCheck(IOptions<AccessOptions> options, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Store != AccessStoreKind.Redis)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Limits are counted in this instance's memory."));
        }

        var redis = services.GetRequiredService<RedisConnection>();
        var store = services.GetRequiredService<SharedUsageStore>();
        if (redis.IsConnected && !store.IsFailing)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Redis answers."));
        }

        return Task.FromResult(settings.RedisFailure == RedisFailurePolicy.Closed
            ? HealthCheckResult.Unhealthy("Redis is unreachable: calls of users with limits are refused (ChatGrpc:Access:RedisFailure is Closed).")
            : HealthCheckResult.Degraded("Redis is unreachable: limits are counted in this instance's memory (ChatGrpc:Access:RedisFailure is Open)."));
    }
}
