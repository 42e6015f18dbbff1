namespace ChatGrpc.Server.Logging;

/// <summary>One category's logger: writes through to the real one what <see cref="LogFloodSampler"/> lets through.</summary>
internal sealed class FloodGuardLogger(ILogger inner, string category, LogFloodSampler sampler) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (inner.IsEnabled(logLevel) && sampler.ShouldWrite(category, eventId, state))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
