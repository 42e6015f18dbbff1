namespace ChatGrpc.Server.Auth;

/// <summary>Settings of HTTP Basic authentication, bound from <c>ChatGrpc:Auth</c>.</summary>
internal sealed class BasicAuthOptions
{
    public const string SectionName = "ChatGrpc:Auth";

    /// <summary>Sent in <c>WWW-Authenticate: Basic realm="..."</c> with every REST 401.</summary>
    public string Realm { get; set; } = "ChatGrpc";

    /// <summary>
    /// User name -> password hash, as printed by <c>ChatGrpc.Server hash-password</c>
    /// (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;key&gt;</c>). User names are case-sensitive.
    /// </summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>ChatGrpc:Auth:Admins:&lt;i&gt;</c>: names of configured users who are administrators (they may, for example,
    /// read every user's usage). Each must be in <see cref="Users"/>; a change that names another is refused.
    /// </summary>
    public List<string> Admins { get; } = [];

    /// <summary>
    /// <c>ChatGrpc:Auth:ApiKeys:&lt;name&gt;</c>: API keys sent as <c>Authorization: Bearer &lt;key&gt;</c>, each acting as
    /// a configured user. Only the key's hash is configured, as printed by <c>ChatGrpc.Server create-api-key</c>.
    /// Key names are case-sensitive.
    /// </summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a successful check of a user and password is remembered, so that repeated
    /// requests skip the deliberately slow key derivation. Zero disables the memory.</summary>
    public TimeSpan VerifiedCredentialLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many verified credentials are remembered at most. Zero disables the memory.</summary>
    public int VerifiedCredentialCapacity { get; set; } = 10_000;

    // Wrong passwords cannot take the CPU: every check of a credential that is not remembered costs one full PBKDF2
    // derivation (100-350 ms of a core at 600,000 iterations), so checks run on a few threads of their own, queue
    // boundedly, and repeated failures are throttled per client address and per user name.

    /// <summary>How many password checks (PBKDF2 derivations) run at once, each on a thread of its own, never on a
    /// request thread. Default: half the processors, at least one, so that wrong passwords can never take every core.</summary>
    public int MaxConcurrentPasswordChecks { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How many password checks may wait for a free thread; when that many wait, a further one is refused at
    /// once as throttled (retry after one second) instead of piling up. Default 32: about 5 s of waiting at 150 ms a check
    /// on one thread. At least 1.</summary>
    public int MaxQueuedPasswordChecks { get; set; } = 32;

    /// <summary>How long failed sign-ins are remembered: an address's or user name's failures (and lockouts) are forgotten
    /// once this long has passed without a new one (counted from the end of a lockout). Default 15 minutes.</summary>
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins from one client address that cost nothing more. Each further one, up to
    /// <see cref="FailuresBeforeLockout"/>, waits <see cref="FailureDelay"/> before its check. Default 5.</summary>
    public int FailuresBeforeDelay { get; set; } = 5;

    /// <summary>The wait before each check from an address past <see cref="FailuresBeforeDelay"/>. Default 1 second.</summary>
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Failed sign-ins after which a client address is locked out, and a user name rationed. A locked-out address is
    /// refused (throttled, with a retry-after) for <see cref="LockoutDuration"/>; then it gets one more check, and its next
    /// failure locks it out for twice as long, up to <see cref="MaxLockoutDuration"/>. A user name with this many failures,
    /// from whichever addresses, gets one new check per <see cref="ThrottledUserCheckInterval"/> until it signs in or its
    /// failures are forgotten: never locked out, so an attacker elsewhere cannot keep the real user out. Default 10.
    /// </summary>
    public int FailuresBeforeLockout { get; set; } = 10;

    /// <summary>An address's first lockout. Default 1 minute.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lockout, however often an address is locked out. Default 15 minutes.</summary>
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>For a user name past <see cref="FailuresBeforeLockout"/>: one new password check per this interval; others
    /// are throttled until it has passed. Default 5 seconds.</summary>
    public TimeSpan ThrottledUserCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many client addresses, and separately how many user names, have their failures remembered at most
    /// (about 200 bytes each). When full, forgotten ones go first, then those not locked out. Default 50,000.</summary>
    public int FailedSignInCapacity { get; set; } = 50_000;
}
