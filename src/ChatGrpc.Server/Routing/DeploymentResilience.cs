using ChatGrpc.Server.Errors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// The Polly pipeline around one deployment: retries with exponential backoff and jitter on retryable failures
/// (honouring the upstream's <c>Retry-After</c> up to <see cref="ResilienceOptions.MaxRetryAfter"/>), inside which a
/// circuit breaker counts every attempt. The pipeline only ever wraps the part of a call before its first chunk, so
/// nothing is retried once the caller has received something.
/// </summary>
internal static class DeploymentResilience
{
    public static ResiliencePipeline Build(string label, ResilienceOptions options, TimeProvider timeProvider, ILogger logger, CircuitBreakerStateProvider breaker)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = label };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, options.MaxRetryAfter)),
                DelayGenerator = static args => ValueTask.FromResult((args.Outcome.Exception as ChatCompletionException)?.RetryAfter),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            StateProvider = breaker,
            ShouldHandle = static args => ValueTask.FromResult(UpstreamOutcomes.IsDeploymentFailure(args.Outcome.Exception)),
            OnOpened = args =>
            {
                RoutingLog.BreakerOpened(logger, label, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                RoutingLog.BreakerClosed(logger, label);
                return default;
            },
        });
        return builder.Build();
    }

    // An upstream that asks for a longer wait than the caller should bear is left for the next deployment.
    private static bool ShouldRetry(Exception? exception, TimeSpan maxRetryAfter)
    {
        if (!UpstreamOutcomes.IsRetryable(exception))
        {
            return false;
        }

        var wait = ((ChatCompletionException)exception!).RetryAfter;
        return wait is null || wait <= maxRetryAfter;
    }
}
