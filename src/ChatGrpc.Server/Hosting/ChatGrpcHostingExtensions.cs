using ChatGrpc.Server.Access;
using ChatGrpc.Server.Admin;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Grpc;
using ChatGrpc.Server.Health;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Rest;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.Server.Validation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>Registration of the gateway's services and endpoints.</summary>
internal static class ChatGrpcHostingExtensions
{
    private const string GrpcServerCallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static WebApplicationBuilder AddChatGrpc(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // gRPC logs every refused call (Information) and every unreadable message (with its stack trace): an
        // unauthenticated client could fill disks with them. Warnings and errors still show; configuration can lower it.
        builder.Logging.AddFilter(GrpcServerCallHandlerCategory, LogLevel.Warning);
        // A failed start is reported once, by Program, as one message; the host's own report is a stack trace.
        builder.Logging.AddFilter(HostCategory, LogLevel.Critical);

        // One clock for every feature, so that tests can replace it.
        services.AddSingleton(TimeProvider.System);

        // Each feature binds its own section, validates it at start-up and registers its services (its Add* extension,
        // in its folder); what is left here is the framework's own sections and the order of things across features.
        services.AddLogFloodGuard();

        // Kestrel's configuration loader reads endpoints, not limits: Kestrel:Limits is bound here, so that connection
        // counts, timeouts, header sizes and data rates are set from appsettings.json and the environment.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => builder.Configuration.GetSection("Kestrel:Limits").Bind(options.Limits));
        services.AddLimits();

        // The host reads only shutdownTimeoutSeconds by itself; the documented HostOptions:ShutdownTimeout needs binding.
        services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));

        // The gRPC adapter, composed here because its interceptors come from two features and their order matters:
        // the error interceptor outermost, so that it renders every failure, a refused caller's too; then
        // authentication, so that nothing else runs for an unknown caller.
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<BasicAuthInterceptor>();
        }).AddJsonTranscoding();
        services.AddGrpcReflection();
        services.AddReadiness();

        services.AddRestAdapter();
        services.AddChatGrpcValidation();
        services.AddAccess();
        services.AddUsageRecords();
        services.AddBasicAuth(builder.Configuration);
        services.AddChatGrpcRouting(builder.Configuration);
        services.AddChatCompletions();
        services.AddChatGrpcAdmin();
        return builder;
    }

    public static WebApplication MapChatGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Every call gets its request id, clock and log line first; credentials are checked before anything reads a body.
        app.UseChatGrpcRecentCalls();
        app.UseMiddleware<CallTelemetryMiddleware>();
        app.UseMiddleware<UnservedPathMiddleware>();
        app.UseMiddleware<EarlyAuthenticationMiddleware>();
        app.UseMiddleware<RequestBodyBufferingMiddleware>();
        app.UseMiddleware<GrpcRequestFrameMiddleware>();
        app.MapGrpcService<ChatGrpcService>();
        app.MapGrpcService<OpenAiCompatibleGrpcService>();
        app.MapGrpcService<UsageGrpcService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.MapChatGrpcAdmin();
        // Liveness: the process answers. Readiness: it should be sent calls.
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadinessHealthCheck.Tag),
            ResponseWriter = ReadinessResponse.WriteAsync,
        });
        var telemetry = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (telemetry.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(
                "/metrics",
                meterProvider: null,
                configureBranchedPipeline: telemetry.PrometheusAllowAnonymous ? null : branch => branch.UseMiddleware<BasicAuthGateMiddleware>(),
                optionsName: null);
        }
        return app;
    }
}
