using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.Routing;

namespace ChatGrpc.Server.Admin;

/// <summary>Registration of the operator's page (<c>GET /admin</c>), its data (<c>chatgrpc.v1.AdminService</c>) and what feeds them.</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddChatGrpcAdmin(this IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(AdminOptions.SectionName);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<UpstreamStats>();
        services.AddSingleton<IUpstreamObserver>(static sp => sp.GetRequiredService<UpstreamStats>());
        services.AddSingleton<RecentCallsBuffer>();
        services.AddSingleton<AdminSpendReport>();
        return services;
    }

    /// <summary>Keeps each chat completion call for the page; before the call's telemetry middleware, so that it reads the finished record.</summary>
    public static IApplicationBuilder UseChatGrpcRecentCalls(this IApplicationBuilder app) => app.UseMiddleware<RecentCallsMiddleware>();

    public static IEndpointRouteBuilder MapChatGrpcAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AdminGrpcService>();
        var page = endpoints.CreateApplicationBuilder().UseMiddleware<AdminGateMiddleware>().Use(static _ => AdminPage.ServeAsync).Build();
        endpoints.MapGet(AdminPage.Path, page);
        endpoints.MapGet(AdminPage.Path + "/{asset}", page);
        return endpoints;
    }
}
