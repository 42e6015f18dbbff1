namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// The failed sign-ins of one client address or one user name, as <see cref="InMemoryFailedSignInThrottle"/> keeps
/// them. Timestamps are <see cref="TimeProvider.GetTimestamp"/> values. Mutated only under <see cref="Lock"/>.
/// </summary>
internal sealed class FailedSignInRecord
{
    public Lock Lock { get; } = new();

    /// <summary>Checks admitted and not (yet) known to have succeeded.</summary>
    public int Failures { get; set; }

    /// <summary>The last admitted check, or the end of the last lockout when that is later; the record is forgotten
    /// a window after it.</summary>
    public long LastFailureAt { get; set; }

    /// <summary>For an address: refused until then.</summary>
    public long LockedUntil { get; set; }

    /// <summary>For an address: how many lockouts so far, each twice as long as the one before.</summary>
    public int Lockouts { get; set; }

    /// <summary>For a rationed user name: no new check before then.</summary>
    public long NextCheckAt { get; set; }

    /// <summary>Nothing worth remembering: no failure for a whole window and no lockout in force.</summary>
    public bool IsForgotten(long now, long window) => now - LastFailureAt >= window && now >= LockedUntil;

    public void Clear()
    {
        Failures = 0;
        LastFailureAt = 0;
        LockedUntil = 0;
        Lockouts = 0;
        NextCheckAt = 0;
    }
}
