using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.Tests.Auth;

/// <summary>Keeps every message written, at every level, to check what logs may contain.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
}
