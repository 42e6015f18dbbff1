using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Routing;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Fidelity;

/// <summary>The real gateway with one more model, <see cref="Model"/>, served by a <see cref="RecordingProvider"/>.</summary>
public sealed class RecordingServerFixture : ChatGrpcServerFixture
{
    public const string Model = EveryFieldRequest.Model;

    public RecordingProvider Provider { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new ModelRoute(Model, Provider));
}
