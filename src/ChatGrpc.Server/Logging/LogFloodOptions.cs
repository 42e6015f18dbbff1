namespace ChatGrpc.Server.Logging;

/// <summary><c>ChatGrpc:Logging</c>: how many records of one kind are written per interval before the rest are only counted.</summary>
internal sealed class LogFloodOptions
{
    public const string SectionName = "ChatGrpc:Logging";

    /// <summary>Records of one kind (category, event and, for the per-call line, outcome) written per interval.</summary>
    public int RecordsPerInterval { get; set; } = 10;

    /// <summary>The interval over which records are counted, and after which what was left out is summed up in one line.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
