using ChatGrpc.Server.Providers;
using Polly;
using Polly.CircuitBreaker;

namespace ChatGrpc.Server.Routing;

/// <summary>One place a public model is served, with its own retries and circuit breaker.</summary>
/// <param name="Label">What errors and logs name it by: provider name and upstream model, never a URL or key.</param>
/// <param name="ProviderName">The upstream's kind as OpenTelemetry's <c>gen_ai.provider.name</c> says it.</param>
/// <param name="Limiter">The calls in flight to this deployment's upstream (shared by every deployment of that provider), when limited.</param>
internal sealed record Deployment(
    string Label,
    IChatCompletionProvider Provider,
    int Weight,
    TimeSpan Timeout,
    TimeSpan? FirstChunkTimeout,
    IReadOnlyList<RequestField> UnsupportedFields,
    ResiliencePipeline Pipeline,
    CircuitBreakerStateProvider Breaker,
    string ProviderName,
    System.Threading.RateLimiting.ConcurrencyLimiter? Limiter)
{
    /// <summary>An open breaker keeps the deployment out until its break is over.</summary>
    /// <summary>What its tokens cost (its own price merged over its model's); null when unpriced.</summary>
    public Calls.TokenPrice? Price { get; init; }

    public bool IsHealthy => Breaker.CircuitState is not (CircuitState.Open or CircuitState.Isolated);
}
