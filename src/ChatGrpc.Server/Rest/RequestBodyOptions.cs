namespace ChatGrpc.Server.Rest;

/// <summary>Limits on request bodies, for REST and gRPC alike.</summary>
internal sealed class RequestBodyOptions
{
    public const string SectionName = "ChatGrpc:RequestBody";

    /// <summary>The largest body (REST) or message (gRPC) accepted; larger ones get 413 or RESOURCE_EXHAUSTED.</summary>
    public int MaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long a REST body may take to arrive in full, from the first byte read. A body still incomplete then is cut
    /// and its connection closed, so that a client that stalls cannot hold memory.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
