namespace ChatGrpc.Server.Access;

/// <summary>
/// Who may call which model, and how much: bound from <c>ChatGrpc:Access</c>. The keys are fixed (deployment
/// manifests rely on them): <c>Default</c> and <c>Users:&lt;user&gt;</c> each hold <see cref="UserAccessOptions"/>;
/// a user's own entry wins key by key, and what it leaves out comes from <c>Default</c>.
/// </summary>
internal sealed class AccessOptions
{
    public const string SectionName = "ChatGrpc:Access";

    /// <summary>What a user without an entry of its own gets, and what a user's entry leaves out.</summary>
    public UserAccessOptions Default { get; set; } = new();

    /// <summary>User name (as in <c>ChatGrpc:Auth:Users</c>) to its own access.</summary>
    public Dictionary<string, UserAccessOptions> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Where usage is counted: <see cref="AccessStoreKind.Memory"/> (one instance) or <see cref="AccessStoreKind.Redis"/>
    /// (shared by every instance, through <c>ConnectionStrings:Redis</c>). Read at start-up only.</summary>
    public AccessStoreKind Store { get; set; } = AccessStoreKind.Memory;

    /// <summary>What happens while Redis cannot be reached. Read at start-up only.</summary>
    public RedisFailurePolicy RedisFailure { get; set; } = RedisFailurePolicy.Closed;

    /// <summary>
    /// The completion tokens a request is charged in advance when it sets neither <c>max_completion_tokens</c> nor
    /// <c>max_tokens</c>, per choice; corrected to the real usage when the call ends. Default 1,024.
    /// </summary>
    public int DefaultCompletionTokenReservation { get; set; } = 1024;

    /// <summary>Prefixed to every Redis key, so that several gateways (or other tools) can share one Redis. Default <c>chatgrpc:</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "chatgrpc:";

    /// <summary>
    /// A secret every instance shares (keep it in the Secret), keying the hash under which failed sign-ins' user names are
    /// kept in Redis, so that someone who can read Redis cannot test a guessed name against them. Unset: a fixed key
    /// (names are still never kept in clear). Read at start-up.
    /// </summary>
    public string? SignInHashKey { get; set; }
}

/// <summary>One user's access, or the default: unset keys fall back to <c>Default</c>'s, then to no limit.</summary>
internal sealed class UserAccessOptions
{
    /// <summary>Public model names the user may call; <c>*</c> for all. Unset: <c>Default</c>'s, and by default all.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Requests in any 60 s window.</summary>
    public long? RequestsPerMinute { get; set; }

    /// <summary>Prompt plus completion tokens in any 60 s window.</summary>
    public long? TokensPerMinute { get; set; }

    /// <summary>Prompt plus completion tokens per UTC day.</summary>
    public long? TokensPerDay { get; set; }

    /// <summary>US dollars the user may spend per UTC day (calls at their models' prices).</summary>
    public decimal? SpendPerDay { get; set; }

    /// <summary>US dollars the user may spend per UTC calendar month.</summary>
    public decimal? SpendPerMonth { get; set; }
}

/// <summary>Where usage is counted.</summary>
internal enum AccessStoreKind
{
    /// <summary>In this process: right for one instance, and the embedded default.</summary>
    Memory,

    /// <summary>In Redis, shared exactly by every instance.</summary>
    Redis,
}

/// <summary>What the gateway does while Redis cannot be reached.</summary>
internal enum RedisFailurePolicy
{
    /// <summary>Refuse calls of users with limits (503, retry after a second): no limit is ever exceeded.</summary>
    Closed,

    /// <summary>Serve them, counting in this instance's memory meanwhile (logged): each instance then allows the whole limit.</summary>
    Open,
}
