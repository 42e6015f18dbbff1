using ChatGrpc.Server.Access;
using ChatGrpc.Server.Admin;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Grpc;
using ChatGrpc.Server.Health;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Rest;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.Server.Validation;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>Registration of the gateway's services and endpoints.</summary>
internal static class ChatGrpcHostingExtensions
{
    private const string ChatServiceName = "chatgrpc.v1.ChatService";
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

        // No flood (rapid resets, refused or shed calls, clients leaving) may write the log: past a few records of a
        // kind per interval the rest are counted and summed up in one line.
        services.AddOptions<LogFloodOptions>().BindConfiguration(LogFloodOptions.SectionName)
            .Validate(static o => o.RecordsPerInterval >= 1, "ChatGrpc:Logging:RecordsPerInterval must be at least 1.")
            .Validate(static o => o.Interval > TimeSpan.Zero, "ChatGrpc:Logging:Interval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<LogFloodSampler>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(static provider =>
            new FloodGuardLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(provider), provider.GetRequiredService<LogFloodSampler>())));
        services.AddHostedService<LogFloodSummary>();

        // Kestrel's configuration loader reads endpoints, not limits: Kestrel:Limits is bound here, so that connection
        // counts, timeouts, header sizes and data rates are set from appsettings.json and the environment.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => builder.Configuration.GetSection("Kestrel:Limits").Bind(options.Limits));

        // One connection budget for the process, run first on every endpoint (those of Kestrel:Endpoints included).
        services.AddSingleton<ConnectionBudget>();
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IServiceProvider>(static (options, provider) =>
            options.ConfigureEndpointDefaults(listen => listen.Use(provider.GetRequiredService<ConnectionBudget>().Guard)));

        // The host reads only shutdownTimeoutSeconds by itself; the documented HostOptions:ShutdownTimeout needs binding.
        services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));

        services.AddGrpc(options =>
        {
            // Order matters: the error interceptor outermost, so that it renders every failure, a refused caller's too;
            // then authentication, so that nothing else runs for an unknown caller.
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<BasicAuthInterceptor>();
        }).AddJsonTranscoding();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options =>
        {
            options.Services.Map(string.Empty, result => result.Tags.Contains(ReadinessHealthCheck.Tag));
            options.Services.Map(ChatServiceName, result => result.Tags.Contains(ReadinessHealthCheck.Tag));
        }).AddCheck<ReadinessHealthCheck>("ready", tags: [ReadinessHealthCheck.Tag])
            .AddCheck<LimitsStoreHealthCheck>("limits-store", tags: [ReadinessHealthCheck.Tag]);
        // The gRPC health service answers from the last published result: publish often, so that a load balancer
        // sees shedding and shutdown within a second or two.
        services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = TimeSpan.FromSeconds(1);
        });

        services.AddOptions<RequestBodyOptions>().BindConfiguration(RequestBodyOptions.SectionName)
            .Validate(static o => o.MaxBytes > 0, "ChatGrpc:RequestBody:MaxBytes must be positive.")
            .Validate(static o => o.ReadTimeout > TimeSpan.Zero, "ChatGrpc:RequestBody:ReadTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestBodyOptions>>(static (grpc, body) => grpc.MaxReceiveMessageSize = body.Value.MaxBytes);
        services.AddOptions<OpenAiReadOptions>().BindConfiguration(OpenAiReadOptions.SectionName);
        services.AddAccess();
        services.AddUsageRecords();
        services.AddBasicAuth(builder.Configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatRequestValidator>();
        services.AddChatGrpcRouting(builder.Configuration);
        services.AddSingleton<ShutdownCoordinator>();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddSingleton<CallAdmission>();
        services.AddSingleton<CallContextFactory>();
        services.AddSingleton<UnexpectedFailures>();
        services.AddSingleton<ChatCompletionPipeline>();
        services.AddSingleton<OpenAiChatHandler>();
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
