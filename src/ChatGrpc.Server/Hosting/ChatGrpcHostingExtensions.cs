using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Grpc;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Providers.Development;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Validation;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>Registration of the gateway's services and endpoints.</summary>
public static class ChatGrpcHostingExtensions
{
    public static WebApplicationBuilder AddChatGrpc(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddGrpc(options =>
        {
            // Order matters: authentication first, so that nothing else runs for an unknown caller.
            options.Interceptors.Add<BasicAuthInterceptor>();
            options.Interceptors.Add<ErrorMappingInterceptor>();
        }).AddJsonTranscoding();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        services.AddOptions<RequestBodyOptions>().BindConfiguration(RequestBodyOptions.SectionName).Validate(static o => o.MaxBytes > 0, "ChatGrpc:RequestBody:MaxBytes must be positive.").ValidateOnStart();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestBodyOptions>>(static (grpc, body) => grpc.MaxReceiveMessageSize = body.Value.MaxBytes);
        services.AddOptions<OpenAiReadOptions>().BindConfiguration(OpenAiReadOptions.SectionName);
        services.AddBasicAuth(builder.Configuration);
        services.AddOptions<DevelopmentModelOptions>().BindConfiguration(DevelopmentModelOptions.SectionName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatRequestValidator>();
        services.AddChatGrpcRouting(builder.Configuration);
        services.AddSingleton<OpenAiChatHandler>();
        return builder;
    }

    public static WebApplication MapChatGrpc(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyBufferingMiddleware>();
        app.MapGrpcService<ChatGrpcService>();
        app.MapGrpcService<OpenAiCompatibleGrpcService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
