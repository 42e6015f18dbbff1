namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// What <see cref="IFailedSignInThrottle.AdmitAsync"/> decided about one password check: go ahead now, go ahead
/// after <see cref="Delay"/>, or not at all before <see cref="RetryAfter"/>.
/// </summary>
internal readonly record struct SignInAdmission
{
    private SignInAdmission(TimeSpan delay, TimeSpan? retryAfter)
    {
        Delay = delay;
        RetryAfter = retryAfter;
    }

    public static SignInAdmission Now { get; } = new(TimeSpan.Zero, null);

    /// <summary>How long to wait before the check; zero for none. Waiting costs a timer, not a core.</summary>
    public TimeSpan Delay { get; }

    /// <summary>When refused: how long until a check may be admitted again. Null when admitted.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsRefused => RetryAfter is not null;

    public static SignInAdmission After(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(delay, null);
    }

    public static SignInAdmission Refused(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        return new(TimeSpan.Zero, retryAfter);
    }
}
