namespace ChatGrpc.Server.Routing;

/// <summary>Builds the router when the host starts, so that a broken provider set-up stops start-up rather than the first call.</summary>
internal sealed class RouterStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ModelRouter>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
