using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.Telemetry;

namespace ChatGrpc.Server.Hosting;

/// <summary>Builds the gateway; shared by <c>Program</c> and the tests that host the real server.</summary>
internal static class ChatGrpcApplication
{
    /// <exception cref="StartupException">The configuration cannot be served; every problem found is listed.</exception>
    /// <param name="args">Command-line arguments, as ASP.NET Core reads them.</param>
    /// <param name="configure">A last chance to change the builder, for tests.</param>
    /// <param name="contentRoot">Where <c>appsettings.json</c> is read from, unless the environment or the command line says otherwise.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = AppSettingsPolling.HostArguments(args),
            ContentRootPath = ExplicitContentRoot(args) is null && Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is null ? contentRoot : null,
            EnvironmentName = DefaultEnvironment(args),
        });
        AppSettingsPolling.Apply(builder, args);
        ConfigurationDirectories.Add(builder.Configuration);
        builder.AddChatGrpc();
        configure?.Invoke(builder);
        // Last, because which signals are collected is decided from the configuration as it stands, tests' settings
        // included; an exporter added in code (tests) attaches to the providers registered here.
        builder.Services.AddChatGrpcTelemetry(builder.Configuration);

        var app = builder.Build();
        StartupCheck.Run(app.Services);
        app.MapChatGrpc();
        return app;
    }

    /// <summary>
    /// The environment to run in when nothing names one: <c>CHATGRPC_DEFAULT_ENVIRONMENT</c>, which the launch profile sets
    /// to Development for <c>dotnet run</c>. A launch profile that set <c>ASPNETCORE_ENVIRONMENT</c> itself would win over
    /// the user's own <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c>; this way the user's choice stands.
    /// </summary>
    private static string? DefaultEnvironment(string[] args)
    {
        var named = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        if (named is not null || args.Any(argument => argument.StartsWith("--environment", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return Environment.GetEnvironmentVariable("CHATGRPC_DEFAULT_ENVIRONMENT") is { Length: > 0 } fallback ? fallback : null;
    }

    private static string? ExplicitContentRoot(string[] args) =>
        args.FirstOrDefault(argument => argument.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
}
