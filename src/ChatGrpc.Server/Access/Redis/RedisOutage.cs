namespace ChatGrpc.Server.Access.Redis;

/// <summary>
/// Whether Redis was unreachable at the last call, with each change of state reported to exactly one caller, so that an
/// outage is logged once when it begins and once when it ends, however many calls run into it.
/// </summary>
internal sealed class RedisOutage
{
    private int _ongoing;

    /// <summary>True from a call that found Redis unreachable until the next one that reached it.</summary>
    public bool IsOngoing => Volatile.Read(ref _ongoing) != 0;

    /// <summary>A call found Redis unreachable; true for the first since Redis last answered.</summary>
    public bool Begin() => Interlocked.Exchange(ref _ongoing, 1) == 0;

    /// <summary>A call reached Redis; true for the first since an outage began.</summary>
    public bool End() => Volatile.Read(ref _ongoing) != 0 && Interlocked.Exchange(ref _ongoing, 0) != 0;
}
