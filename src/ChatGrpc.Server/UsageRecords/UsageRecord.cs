namespace ChatGrpc.Server.UsageRecords;

/// <summary>One call's usage, as the database keeps it.</summary>
/// <param name="Time">When the call ended, UTC.</param>
/// <param name="KeyName">The API key's name, or <c>basic</c> for a Basic sign-in.</param>
/// <param name="Status">The call's outcome: <c>ok</c>, or its error kind in snake case (the metrics' outcome tag).</param>
/// <param name="Cost">US dollars, to 12 decimal places; 0 when unpriced.</param>
/// <param name="Estimated">True when the tokens were counted by the gateway, the upstream reporting none.</param>
/// <param name="Priced">False when the serving deployment has no price (or nothing served the call).</param>
/// <param name="Transport"><c>rest</c> or <c>grpc</c>.</param>
internal sealed record UsageRecord(
    DateTimeOffset Time,
    string RequestId,
    string User,
    string KeyName,
    string Model,
    string? Deployment,
    string Status,
    long PromptTokens,
    long CachedPromptTokens,
    long CompletionTokens,
    decimal Cost,
    bool Estimated,
    bool Priced,
    double DurationMs,
    string Transport)
{
    /// <summary>The UTC day the record counts on, as the report groups it.</summary>
    public string Day => Time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
