namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// How much of an upstream's answer may be held, counted after decompression: a faulty or hostile upstream (a
/// 200 MB answer, a gzip bomb, an event without end) must fail its attempt, not grow the gateway's memory.
/// </summary>
/// <param name="MaxResponseBytes"><c>ChatGrpc:Providers:&lt;name&gt;:MaxResponseBytes</c>: a whole unary answer.</param>
/// <param name="MaxEventBytes"><c>ChatGrpc:Providers:&lt;name&gt;:MaxEventBytes</c>: one Server-Sent Event of a stream.</param>
internal sealed record UpstreamReadLimits(int MaxResponseBytes, int MaxEventBytes)
{
    /// <summary>32 MiB: many times the longest answer a model writes, small enough that a few at once cannot exhaust memory.</summary>
    public const int DefaultMaxResponseBytes = 32 * 1024 * 1024;

    /// <summary>4 MiB: an event carries one chunk of an answer; even a whole tool call's arguments fit many times over.</summary>
    public const int DefaultMaxEventBytes = 4 * 1024 * 1024;

    public static UpstreamReadLimits Default { get; } = new(DefaultMaxResponseBytes, DefaultMaxEventBytes);

    public static UpstreamReadLimits For(ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new UpstreamReadLimits(options.MaxResponseBytes, options.MaxEventBytes);
    }
}
