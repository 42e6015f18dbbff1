using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatGrpc.Server.Logging;

/// <summary>Registration of the log flood guard.</summary>
internal static class LogFloodServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Logging</c> (validated at start-up) and wraps the logger factory, so that no flood (rapid resets,
    /// refused or shed calls, clients leaving) may write the log: past a few records of a kind per interval the rest are
    /// counted and summed up in one line.
    /// </summary>
    public static IServiceCollection AddLogFloodGuard(this IServiceCollection services)
    {
        services.AddValidatedOptions<LogFloodOptions, LogFloodOptionsValidator>(LogFloodOptions.SectionName);
        services.AddSingleton<LogFloodSampler>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(static provider =>
            new FloodGuardLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(provider), provider.GetRequiredService<LogFloodSampler>())));
        services.AddHostedService<LogFloodSummary>();
        return services;
    }
}
