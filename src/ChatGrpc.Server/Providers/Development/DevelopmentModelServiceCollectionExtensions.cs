using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>Registration of the embedded development model.</summary>
internal static class DevelopmentModelServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Development</c> (validated at start-up) over a default the environment gives
    /// (<see cref="DevelopmentModelOptions.Enabled"/> is true in Development), and registers the model; the router serves it
    /// when enabled.
    /// </summary>
    public static IServiceCollection AddDevelopmentModel(this IServiceCollection services)
    {
        services.AddOptions<DevelopmentModelOptions>()
            .Configure<IServiceProvider>(static (options, provider) => options.Enabled = provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false);
        services.AddValidatedOptions<DevelopmentModelOptions, DevelopmentModelOptionsValidator>(DevelopmentModelOptions.SectionName);
        services.AddSingleton<DevelopmentModelProvider>();
        return services;
    }
}
