using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>The gateway with models whose provider fails: before answering or after the first chunk, with the gateway's own error or an ordinary exception.</summary>
public sealed class FailingServerFixture : ChatGrpcServerFixture
{
    public const string FailsAtOnce = "fails-at-once";
    public const string FailsMidStream = "fails-mid-stream";
    public const string CrashesAtOnce = "crashes-at-once";
    public const string CrashesMidStream = "crashes-mid-stream";

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(new ModelRoute(FailsAtOnce, new FailingProvider(afterFirstChunk: false, ordinaryException: false)));
        services.AddSingleton(new ModelRoute(FailsMidStream, new FailingProvider(afterFirstChunk: true, ordinaryException: false)));
        services.AddSingleton(new ModelRoute(CrashesAtOnce, new FailingProvider(afterFirstChunk: false, ordinaryException: true)));
        services.AddSingleton(new ModelRoute(CrashesMidStream, new FailingProvider(afterFirstChunk: true, ordinaryException: true)));
    }
}
