namespace ChatGrpc.Server.OpenAi;

/// <summary>Limits on request bodies, for REST and gRPC alike.</summary>
public sealed class RequestBodyOptions
{
    public const string SectionName = "ChatGrpc:RequestBody";

    /// <summary>The largest body (REST) or message (gRPC) accepted; larger ones get 413 or RESOURCE_EXHAUSTED.</summary>
    public int MaxBytes { get; set; } = 4 * 1024 * 1024;
}
