using System.Net;
using ChatGrpc.Server.Providers.Development;
using ChatGrpc.Server.Tokens;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Routing;

/// <summary>Registration of the providers, the router and their options, validated and built at start-up.</summary>
internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddChatGrpcRouting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The router serves the development model when it is enabled, and the validator keeps its name free.
        services.AddDevelopmentModel();
        services.AddOptions<RoutingOptions>().Configure<IConfiguration>(static (options, settings) => options.BindFrom(settings)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();

        services.AddHttpClient(ProviderFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // Connections are reused, and renewed now and then so that DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                EnableMultipleHttp2Connections = true,
                AutomaticDecompression = DecompressionMethods.All,

                // A relay passes an upstream's redirect on rather than following it with the caller's request (and its
                // key) to wherever it points; YARP and nginx do the same. Also one handler less per call.
                AllowAutoRedirect = false,

                // An abandoned stream's connection is closed at once, not drained: the upstream must see the caller leave.
                MaxResponseDrainSize = 0,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();

        services.AddSingleton<UsageEstimator>();
        services.AddSingleton(static sp => new ProviderFactory(sp.GetRequiredService<IHttpMessageHandlerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(static sp =>
        {
            var routes = sp.GetServices<ModelRoute>().ToList();
            if (sp.GetRequiredService<IOptions<DevelopmentModelOptions>>().Value.Enabled)
            {
                routes.Insert(0, new ModelRoute(DevelopmentModelProvider.ModelId, sp.GetRequiredService<DevelopmentModelProvider>()));
            }

            return new ModelRouter(
                sp.GetRequiredService<IOptions<RoutingOptions>>().Value,
                routes,
                sp.GetRequiredService<ProviderFactory>(),
                sp.GetRequiredService<UsageEstimator>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelRouter>(),
                telemetry: sp.GetService<Telemetry.GatewayTelemetry>(),
                observer: sp.GetService<IUpstreamObserver>());
        });
        services.AddHostedService<RouterStartup>();
        return services;
    }
}
