namespace ChatGrpc.Server.Admin;

/// <summary>One ended chat completion call as <see cref="RecentCallsBuffer"/> keeps it: who, what, how it ended; never its content.</summary>
internal sealed record RecentCallEntry(
    DateTimeOffset Time,
    string RequestId,
    string User,
    string KeyName,
    string Model,
    string Deployment,
    string Status,
    string Transport,
    bool Stream,
    double DurationMs,
    long? PromptTokens,
    long? CompletionTokens,
    double? CostUsd,
    IReadOnlyList<string> FailedDeployments,
    string TraceId);
