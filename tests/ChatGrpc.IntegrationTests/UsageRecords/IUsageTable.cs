namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>The <c>usage_records</c> table of a gateway's database, read and written behind the gateway's back.</summary>
internal interface IUsageTable
{
    /// <summary>Inserts one record of <see cref="UsageSettings.Alice"/> at <see cref="UsageSettings.Priced"/>, as the writer would have at <paramref name="time"/>.</summary>
    Task InsertAsync(DateTimeOffset time, string requestId);

    /// <summary>The request ids of every record, in the order they were written.</summary>
    Task<IReadOnlyList<string>> RequestIdsAsync();
}
