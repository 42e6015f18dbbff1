namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// <c>ChatGrpc:Usage</c>: where each call's usage record is written, how many may wait for the database, and how long
/// they are kept.
/// </summary>
/// <remarks>
/// The folder is <c>Usage/</c>; the namespace is <c>UsageRecords</c> because a namespace named <c>Usage</c> would hide
/// the contract's <c>ChatGrpc.V1.Usage</c> message from every file under <c>ChatGrpc.Server</c>.
/// </remarks>
internal sealed class UsageOptions
{
    public const string SectionName = "ChatGrpc:Usage";

    /// <summary>The connection string's name for PostgreSQL: <c>ConnectionStrings:Usage</c>.</summary>
    public const string ConnectionStringName = "Usage";

    public UsageStoreKind Store { get; set; } = UsageStoreKind.Sqlite;

    /// <summary>The SQLite file; relative paths are under the content root. Default <c>data/usage.db</c>.</summary>
    public string SqlitePath { get; set; } = "data/usage.db";

    /// <summary>Records older than this many days are deleted in the background.</summary>
    public int RetentionDays { get; set; } = 400;

    /// <summary>How often records older than <see cref="RetentionDays"/> are deleted (and once at start). Default 6 hours.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Records waiting for the database at most; more are dropped (and counted), never waited for.</summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Records written in one statement batch at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer lets records gather after the first one arrives, so that a busy gateway writes a few
    /// transactions a second instead of one per call (each costs a WAL append and a file-system event). Default 0.5 s.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
