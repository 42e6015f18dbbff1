using System.Threading.RateLimiting;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Providers;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// The calls in flight to each upstream (<c>ChatGrpc:Providers:&lt;name&gt;:MaxConcurrentCalls</c>): one limiter per
/// provider name, shared by every deployment of that provider, because the limit is the upstream's, not a model's.
/// </summary>
internal sealed class UpstreamLimits
{
    private readonly Dictionary<string, ConcurrencyLimiter> _byProvider = new(StringComparer.Ordinal);

    /// <summary>The limiter of <paramref name="providerName"/>, made on first use; null when it is configured without a limit.</summary>
    public ConcurrencyLimiter? For(string providerName, ProviderOptions provider)
    {
        if (provider.MaxConcurrentCalls is not { } permits)
        {
            return null;
        }

        if (!_byProvider.TryGetValue(providerName, out var limiter))
        {
            limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = provider.QueueLength, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
            _byProvider.Add(providerName, limiter);
        }

        return limiter;
    }

    /// <summary>A place at the deployment's upstream, or a 503 when it is full (not a failure of the deployment: nothing was sent).</summary>
    /// <returns>Null when the upstream is not limited.</returns>
    public static async ValueTask<RateLimitLease?> TakePlaceAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.Limiter is not { } limiter)
        {
            return null;
        }

        return await LimiterLeases.TryTakeAsync(limiter, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatCompletionException(ChatErrorKind.Unavailable, "at its limit of calls in flight") { RetryAfter = TimeSpan.FromSeconds(1), Code = AttemptLog.AtCapacityCode };
    }
}
