using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Grpc;

/// <summary>The error interceptor as the host builds it, for a server that is not stopping.</summary>
internal sealed class ErrorInterceptorFixture : IDisposable
{
    private readonly ShutdownCoordinator _shutdown = new(new RunningLifetime(), Options.Create(new HostOptions()), TimeProvider.System);

    public ErrorInterceptorFixture()
    {
        Interceptor = new ErrorMappingInterceptor(new UnexpectedFailures(_shutdown, TimeProvider.System, NullLogger<UnexpectedFailures>.Instance));
    }

    public ErrorMappingInterceptor Interceptor { get; }

    public void Dispose() => _shutdown.Dispose();

    private sealed class RunningLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => throw new NotSupportedException();
    }
}
