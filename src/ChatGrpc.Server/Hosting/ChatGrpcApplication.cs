using Microsoft.AspNetCore.Builder;

namespace ChatGrpc.Server.Hosting;

/// <summary>Builds the gateway; shared by <c>Program</c> and the tests that host the real server.</summary>
public static class ChatGrpcApplication
{
    /// <param name="args">Command-line arguments, as ASP.NET Core reads them.</param>
    /// <param name="configure">A last chance to change the builder, for tests.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddChatGrpc();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapChatGrpc();
        return app;
    }
}
