using ChatGrpc.Server.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatGrpc.Server.Limits;

/// <summary>Registration of the process's own limits: calls served at once and connections held at once.</summary>
internal static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Limits</c> (validated at start-up), registers the admission of calls, and puts one connection
    /// budget for the process first on every endpoint (those of <c>Kestrel:Endpoints</c> included).
    /// </summary>
    public static IServiceCollection AddLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<LimitsOptions, LimitsOptionsValidator>(LimitsOptions.SectionName);
        services.AddSingleton<CallAdmission>();
        services.AddSingleton<ConnectionBudget>();
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>(static (options, provider) =>
            options.ConfigureEndpointDefaults(listen => listen.Use(provider.GetRequiredService<ConnectionBudget>().Guard)));
        return services;
    }
}
