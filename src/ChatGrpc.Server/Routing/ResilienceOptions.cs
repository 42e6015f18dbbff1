namespace ChatGrpc.Server.Routing;

/// <summary>
/// How hard the router tries a deployment before moving on (<c>ChatGrpc:Resilience</c>): retries with exponential
/// backoff and jitter, and a circuit breaker per deployment, both Polly strategies.
/// </summary>
internal sealed class ResilienceOptions
{
    /// <summary>Retries on one deployment after a connection failure, a 429 or a 5xx, before the next deployment.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; each next one doubles it (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A <c>Retry-After</c> longer than this moves on to the next deployment instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A deployment's whole-call limit when its provider sets no <c>Timeout</c>.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The share of failed calls, over <see cref="BreakerSamplingDuration"/>, that opens a deployment's breaker.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Fewer calls than this in the sampling window never open the breaker.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker keeps its deployment out before one trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
