using ChatGrpc.Server.Access.Redis;
using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Access;

/// <summary>Registration of per-user access and limits, and of the store they are counted in.</summary>
internal static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Access</c> (validated at start-up, reloaded while running), and chooses the store by
    /// <see cref="AccessOptions.Store"/> when it is first needed, so that configuration added late (tests) counts.
    /// </summary>
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddValidatedOptions<AccessOptions, AccessOptionsValidator>(AccessOptions.SectionName);
        services.AddSingleton(provider => new ReloadingSettings<AccessOptions, AccessPolicy>(
            provider.GetRequiredService<IConfiguration>(),
            AccessOptions.SectionName,
            new AccessOptionsValidator(),
            static options => new AccessPolicy(options),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<AccessPolicy>()));

        services.AddSingleton<MemoryUsageStore>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton(provider => new SharedUsageStore(
            new RedisUsageStore(provider.GetRequiredService<RedisConnection>(), provider.GetRequiredService<TimeProvider>()),
            provider.GetRequiredService<MemoryUsageStore>(),
            provider.GetRequiredService<IOptions<AccessOptions>>().Value.RedisFailure,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<SharedUsageStore>()));
        services.AddSingleton<IUsageStore>(provider => UsesRedis(provider)
            ? provider.GetRequiredService<SharedUsageStore>()
            : provider.GetRequiredService<MemoryUsageStore>());
        services.AddSingleton<AccessGate>();

        return services;
    }

    /// <summary>Whether limits, and with them failed sign-ins, are counted in Redis: shared by every instance.</summary>
    public static bool UsesRedis(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<AccessOptions>>().Value.Store == AccessStoreKind.Redis;
}
