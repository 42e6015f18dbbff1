namespace ChatGrpc.Server.UsageRecords;

/// <summary>The database usage records are written to and reported from: SQLite or PostgreSQL.</summary>
internal interface IUsageRecordStore
{
    /// <summary>Creates the schema, or brings an older one up to date; safe to run on every start and by several instances.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the records in one transaction.</summary>
    Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken);

    /// <summary>The sums of the records between two days, grouped as asked, ordered by day, user and model.</summary>
    Task<IReadOnlyList<UsageReportRow>> ReportAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the records from before <paramref name="before"/>; returns how many.</summary>
    Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
