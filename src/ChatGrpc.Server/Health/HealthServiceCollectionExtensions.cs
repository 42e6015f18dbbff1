using ChatGrpc.Server.Access;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatGrpc.Server.Health;

/// <summary>Registration of readiness: the checks behind <c>/readyz</c> and the gRPC health service.</summary>
internal static class HealthServiceCollectionExtensions
{
    private const string ChatServiceName = "chatgrpc.v1.ChatService";

    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks(options =>
        {
            options.Services.Map(string.Empty, result => result.Tags.Contains(ReadinessHealthCheck.Tag));
            options.Services.Map(ChatServiceName, result => result.Tags.Contains(ReadinessHealthCheck.Tag));
        }).AddCheck<ReadinessHealthCheck>("ready", tags: [ReadinessHealthCheck.Tag])
            .AddCheck<LimitsStoreHealthCheck>("limits-store", tags: [ReadinessHealthCheck.Tag]);
        // The gRPC health service answers from the last published result: publish often, so that a load balancer
        // sees shedding and shutdown within a second or two.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = TimeSpan.FromSeconds(1);
        });
        return services;
    }
}
