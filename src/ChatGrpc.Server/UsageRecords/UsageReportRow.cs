namespace ChatGrpc.Server.UsageRecords;

/// <summary>One group's sums; a dimension not grouped by is null.</summary>
internal sealed record UsageReportRow(string? Date, string? User, string? Model, long Requests, long PromptTokens, long CachedPromptTokens, long CompletionTokens, decimal CostUsd);
