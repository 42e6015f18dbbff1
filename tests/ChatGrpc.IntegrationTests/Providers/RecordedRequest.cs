namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>One request a mock upstream received, as it arrived.</summary>
public sealed record RecordedRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);
