namespace ChatGrpc.Server.Logging;

/// <summary>
/// The process's logger factory, wrapped so that every logger (Kestrel's and grpc-dotnet's included) asks
/// <see cref="LogFloodSampler"/> before it writes.
/// </summary>
internal sealed class FloodGuardLoggerFactory(ILoggerFactory inner, LogFloodSampler sampler) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new FloodGuardLogger(inner.CreateLogger(categoryName), categoryName, sampler);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
