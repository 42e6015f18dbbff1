namespace ChatGrpc.Server.UsageRecords;

/// <summary>One group's sums; a dimension not grouped by is null.</summary>
internal sealed record UsageReportRow(string? Date, string? User, string? Model, long Requests, long PromptTokens, long CachedPromptTokens, long CompletionTokens, decimal CostUsd)
{
    /// <summary>This row with <paramref name="other"/>'s counts and cost added; its dimensions are this row's.</summary>
    public UsageReportRow Plus(UsageReportRow other) => this with
    {
        Requests = Requests + other.Requests,
        PromptTokens = PromptTokens + other.PromptTokens,
        CachedPromptTokens = CachedPromptTokens + other.CachedPromptTokens,
        CompletionTokens = CompletionTokens + other.CompletionTokens,
        CostUsd = CostUsd + other.CostUsd,
    };
}
