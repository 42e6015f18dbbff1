using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>The gateway with two models whose provider fails: before answering, and after the first chunk.</summary>
public sealed class FailingServerFixture : ChatGrpcServerFixture
{
    public const string FailsAtOnce = "fails-at-once";
    public const string FailsMidStream = "fails-mid-stream";

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(new ModelRoute(FailsAtOnce, new FailingProvider(afterFirstChunk: false)));
        services.AddSingleton(new ModelRoute(FailsMidStream, new FailingProvider(afterFirstChunk: true)));
    }
}
