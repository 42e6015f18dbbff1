namespace ChatGrpc.Server.UsageRecords;

/// <summary>Where usage records are kept (<c>ChatGrpc:Usage:Store</c>).</summary>
internal enum UsageStoreKind
{
    /// <summary>A SQLite file beside the instance: nothing else to run, one instance's records.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Usage</c>, shared by every instance.</summary>
    Postgres,
}
