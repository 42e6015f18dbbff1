namespace ChatGrpc.Server.Limits;

/// <summary>How much work the process takes on at once, bound from <c>ChatGrpc:Limits</c>.</summary>
internal sealed class LimitsOptions
{
    public const string SectionName = "ChatGrpc:Limits";

    /// <summary>Chat completion calls served at once by this process; more wait in the queue, and beyond it are refused with 503.</summary>
    public int MaxConcurrentCalls { get; set; } = 1024;

    /// <summary>Calls that may wait for a free place; 0 refuses at once whatever exceeds <see cref="MaxConcurrentCalls"/>.</summary>
    public int QueueLength { get; set; } = 64;

    /// <summary>
    /// How long writing one chunk of a stream may take. A client that stops reading is disconnected after it, and its
    /// upstream call cancelled, so it cannot hold a call, its buffers and an upstream connection for ever.
    /// </summary>
    public TimeSpan StalledClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What a refused call is told to wait before trying again (<c>Retry-After</c>, gRPC <c>RetryInfo</c>).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connections this process holds at once, REST and gRPC together; unset, derived at start-up from the open-file
    /// limit (<c>RLIMIT_NOFILE</c>) less <see cref="ReservedFileDescriptors"/>, and from the memory the process may use.
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>Descriptors kept out of the connection budget for upstream sockets, Redis, files and the runtime.</summary>
    public int ReservedFileDescriptors { get; set; } = 512;
}
