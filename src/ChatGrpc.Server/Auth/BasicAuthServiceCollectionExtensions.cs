using ChatGrpc.Server.Access;
using ChatGrpc.Server.Auth.SignInThrottle;
using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatGrpc.Server.Auth;

/// <summary>Registration of HTTP Basic authentication.</summary>
internal static class BasicAuthServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BasicAuthOptions"/> from <c>ChatGrpc:Auth</c>, validated at start-up, and registers
    /// <see cref="BasicAuthInterceptor"/> as a singleton (so gRPC does not build one per call). The interceptor still
    /// has to be added to the gRPC service options, before every other interceptor.
    /// </summary>
    public static IServiceCollection AddBasicAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<BasicAuthOptions, BasicAuthOptionsValidator>(BasicAuthOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher>(_ => new Pbkdf2PasswordHasher());
        // With Redis as the store of limits (ChatGrpc:Access:Store), failed sign-ins are shared through it too.
        services.TryAddSingleton<InMemoryFailedSignInThrottle>();
        services.TryAddSingleton<RedisFailedSignInThrottle>();
        services.TryAddSingleton<IFailedSignInThrottle>(provider => AccessServiceCollectionExtensions.UsesRedis(provider)
            ? provider.GetRequiredService<RedisFailedSignInThrottle>()
            : provider.GetRequiredService<InMemoryFailedSignInThrottle>());
        services.TryAddSingleton(provider => new UserDirectory(configuration, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<UserDirectory>>()));
        services.TryAddSingleton<IAdminDirectory>(provider => provider.GetRequiredService<UserDirectory>());
        services.TryAddSingleton<BasicAuthenticator>();
        services.TryAddSingleton<BasicAuthInterceptor>();
        return services;
    }
}
