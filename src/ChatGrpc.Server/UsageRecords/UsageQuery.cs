namespace ChatGrpc.Server.UsageRecords;

/// <summary>A validated report request: UTC days from and to (both included), one user or all, and the groups.</summary>
internal sealed record UsageQuery(DateOnly From, DateOnly To, string? User, bool ByDay, bool ByUser, bool ByModel);
