using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Server.Providers;

/// <summary>One upstream: <c>ChatGrpc:Providers:&lt;name&gt;</c>.</summary>
internal sealed class ProviderOptions
{
    /// <summary><c>OpenAI</c>, <c>AzureOpenAI</c> or <c>Anthropic</c>; a string so that a wrong one is reported with the others, not thrown by the binder.</summary>
    public string? Kind { get; set; }

    /// <summary>As the vendor's SDKs take it: <c>https://api.openai.com/v1</c>, <c>https://NAME.openai.azure.com</c>, <c>https://api.anthropic.com</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as the kind's credential header; optional for local servers. Never logged nor shown in errors.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure's <c>api-version</c>, Anthropic's <c>anthropic-version</c>.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// The HTTP version spoken to this upstream: unset, HTTP/2 where a TLS upstream offers it and HTTP/1.1 otherwise;
    /// <c>2</c>, HTTP/2 always, over plain <c>http://</c> as h2c with prior knowledge (vLLM behind Envoy, a gRPC-era
    /// proxy), which multiplexes every call over a few connections; <c>1.1</c>, HTTP/1.1 always.
    /// </summary>
    public string? HttpVersion { get; set; }

    /// <summary>Extra headers sent on every upstream request.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The longest one upstream call may take, stream included; unset: <c>ChatGrpc:Resilience:DefaultTimeout</c>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The longest a stream may take to yield its first chunk; unset: only <see cref="Timeout"/> applies.</summary>
    public TimeSpan? FirstChunkTimeout { get; set; }

    /// <summary>Calls this upstream serves at once, over all its deployments; unset for no limit of the gateway's own.</summary>
    public int? MaxConcurrentCalls { get; set; }

    /// <summary>Calls that may wait for this upstream beyond <see cref="MaxConcurrentCalls"/>; the rest are refused with 503.</summary>
    public int QueueLength { get; set; }

    /// <summary>
    /// The largest whole (non-streamed) answer read from this upstream, counted after decompression; past it the
    /// attempt fails as a bad answer and nothing of it is kept.
    /// </summary>
    public int MaxResponseBytes { get; set; } = UpstreamReadLimits.DefaultMaxResponseBytes;

    /// <summary>The largest single Server-Sent Event of a stream, counted after decompression; past it the attempt fails as a bad answer.</summary>
    public int MaxEventBytes { get; set; } = UpstreamReadLimits.DefaultMaxEventBytes;
}
