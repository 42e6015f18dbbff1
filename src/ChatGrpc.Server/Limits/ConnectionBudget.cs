using System.Diagnostics.Metrics;
using ChatGrpc.Server.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Limits;

/// <summary>
/// One budget of connections for the whole process, REST and gRPC together (Kestrel's own
/// <c>MaxConcurrentConnections</c> counts per endpoint, so two endpoints could together exhaust the open-file limit and
/// abort the process). A connection past the budget is closed as soon as it is accepted, before any protocol runs,
/// counted in <c>chatgrpc.connections.refused</c>, and reported by one summary line per <see cref="SummaryInterval"/>,
/// never one line per connection.
/// </summary>
internal sealed class ConnectionBudget : IDisposable
{
    /// <summary>How often refused connections are summed up in the log.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);

    // Idle connections cost about this much each (README: Limits and hostile clients); the budget also keeps their
    // sum well inside the memory the process may use.
    private const long BytesPerConnection = 64 * 1024;

    private readonly ILogger<ConnectionBudget> _logger;
    private readonly Counter<long> _refusedCounter;
    private readonly ITimer _summary;
    private int _open;
    private long _refused;

    public ConnectionBudget(IOptions<LimitsOptions> options, IMeterFactory meterFactory, TimeProvider timeProvider, ILogger<ConnectionBudget> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger;
        var limits = options.Value;
        var fileLimit = OpenFileLimit.Read();
        Max = limits.MaxConnections ?? Derive(fileLimit, limits.ReservedFileDescriptors, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var meter = meterFactory.Create(Telemetry.GatewayTelemetry.Name);
        _refusedCounter = meter.CreateCounter<long>("chatgrpc.connections.refused", "{connection}", "Connections closed at once because the process's connection budget was full.");
        meter.CreateObservableUpDownCounter("chatgrpc.connections.open", () => (long)Volatile.Read(ref _open), "{connection}", "Connections the process holds, REST and gRPC together.");
        var fileLimitText = fileLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        ChatGrpcLog.ConnectionBudgetSet(logger, Max, fileLimitText);
        _summary = timeProvider.CreateTimer(static state => ((ConnectionBudget)state!).Summarise(), this, SummaryInterval, SummaryInterval);
    }

    /// <summary>The most connections held at once.</summary>
    public int Max { get; }

    /// <summary>Connections held now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The default budget: the open-file limit less the reserve, and no more than memory allows.</summary>
    public static int Derive(long? fileLimit, int reserved, long availableMemoryBytes)
    {
        var byFiles = fileLimit is { } limit ? Math.Max(1, limit - reserved) : 10_000;
        var byMemory = Math.Max(1, availableMemoryBytes / 4 / BytesPerConnection);
        return (int)Math.Min(Math.Min(byFiles, byMemory), int.MaxValue);
    }

    /// <summary>The connection middleware every endpoint runs first: past the budget, the connection is closed unread.</summary>
    public ConnectionDelegate Guard(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > Max)
        {
            Interlocked.Decrement(ref _open);
            Interlocked.Increment(ref _refused);
            _refusedCounter.Add(1);
            connection.Abort();
            return;
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };

    private void Summarise()
    {
        var refused = Interlocked.Exchange(ref _refused, 0);
        if (refused > 0)
        {
            ChatGrpcLog.ConnectionsRefused(_logger, refused, SummaryInterval, Max);
        }
    }

    public void Dispose() => _summary.Dispose();
}
