using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Polly;
using Polly.CircuitBreaker;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Tries a model's deployments until one answers, the same way for a whole answer and for a stream: each model of
/// its chain (its request fields dealt with first), its deployments by weight, each inside its own retries and
/// circuit breaker (Polly), within its upstream's limit of calls in flight and its timeouts. A stream counts as
/// answered once its first chunk has arrived: from then on it is the caller's, and a failure is never retried. When
/// nothing answered, the caller gets one error listing what was tried.
/// </summary>
internal sealed class AttemptLoop(RequestFieldPolicy fields, AttemptTelemetry telemetry, TimeProvider timeProvider, ILogger logger, Random random)
{
    /// <summary>What one attempt asks of a deployment; a stream's answer takes over the attempt's timer and place.</summary>
    private delegate ValueTask<T> AskAsync<T>(Deployment deployment, CreateChatCompletionRequest request, AttemptTimer timer, RateLimitLease? place, IUpstreamObserver? observer);

    /// <summary>The first whole answer any deployment of <paramref name="model"/>'s chain gives.</summary>
    /// <exception cref="ChatCompletionException">The caller's request refused, or nothing answered.</exception>
    public Task<ChatCompletion> CompleteAsync(CallContext call, CreateChatCompletionRequest request, RoutedModel model) =>
        RunAsync<ChatCompletion>(call, request, model, streaming: false, AskWholeAnswerAsync);

    /// <summary>The first stream of <paramref name="model"/>'s chain whose first chunk arrives; the caller disposes it.</summary>
    /// <exception cref="ChatCompletionException">The caller's request refused, or no stream started.</exception>
    public Task<StreamStart> OpenStreamAsync(CallContext call, CreateChatCompletionRequest request, RoutedModel model) =>
        RunAsync<StreamStart>(call, request, model, streaming: true, OpenStreamAsync);

    private async Task<T> RunAsync<T>(CallContext call, CreateChatCompletionRequest request, RoutedModel model, bool streaming, AskAsync<T> ask)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        var attempts = new AttemptLog();
        foreach (var deployment in Candidates(call, request, model, attempts))
        {
            var context = ResilienceContextPool.Shared.Get(call.CancellationToken);
            try
            {
                var outcome = await deployment.Pipeline.ExecuteOutcomeAsync(
                    static async (context, state) => await state.Loop.AttemptAsync(state.Call, state.Deployment, state.Request, state.Attempts, state.Streaming, state.Ask, context.CancellationToken).ConfigureAwait(false),
                    context,
                    (Loop: this, Call: call, Deployment: deployment, Request: request, Attempts: attempts, Streaming: streaming, Ask: ask)).ConfigureAwait(false);
                if (outcome.Exception is null)
                {
                    return outcome.Result!;
                }

                MoveOnOrThrow(deployment, outcome.Exception, attempts);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        throw attempts.Failure(model.Name);
    }

    /// <summary>The deployments to try, in order: each model of the chain, its request fields dealt with, its deployments by weight.</summary>
    private IEnumerable<Deployment> Candidates(CallContext call, CreateChatCompletionRequest request, RoutedModel model, AttemptLog attempts)
    {
        foreach (var candidate in model.Chain)
        {
            if (!fields.Admit(call, request, candidate, isRequested: candidate == model, attempts))
            {
                continue;
            }

            foreach (var deployment in WeightedOrder.Arrange(candidate.Deployments, random))
            {
                yield return deployment;
            }
        }
    }

    /// <summary>
    /// One call to one deployment, which Polly may repeat: a failure of the deployment is returned (for the retries and
    /// the breaker to judge), anything else thrown.
    /// </summary>
    private async ValueTask<Outcome<T>> AttemptAsync<T>(CallContext call, Deployment deployment, CreateChatCompletionRequest request, AttemptLog attempts, bool streaming, AskAsync<T> ask, CancellationToken cancellationToken)
    {
        var place = await UpstreamLimits.TakePlaceAsync(deployment, cancellationToken).ConfigureAwait(false);
        using var activity = AttemptTelemetry.Start(deployment);
        var timer = new AttemptTimer(deployment, timeProvider, streaming, cancellationToken);
        var handedOver = false;
        Outcome<T> outcome;
        try
        {
            var answer = await ask(deployment, request, timer, place, telemetry.Observer).ConfigureAwait(false);
            // A started stream holds its place at the upstream, and its whole-call timeout, until it ends.
            handedOver = streaming;
            outcome = Outcome.FromResult(answer);
        }
        catch (OperationCanceledException exception) when (timer.TimedOut)
        {
            var message = timer.TimedOutBeforeFirstChunk
                ? $"{deployment.Label} sent no chunk within {deployment.FirstChunkTimeout}."
                : $"{deployment.Label} did not answer within {deployment.Timeout}.";
            outcome = Failed<T>(deployment, new ChatCompletionException(ChatErrorKind.UpstreamTimeout, message, exception), attempts, timer);
        }
        catch (ChatCompletionException exception)
        {
            outcome = Failed<T>(deployment, exception, attempts, timer);
        }
        catch (Exception exception) when (!streaming)
        {
            // A whole answer's cancellation or fault is told as its attempt's end; a stream's has never been (kept as it was).
            telemetry.End(activity, deployment, call, exception, timer.Elapsed, streaming);
            throw;
        }
        finally
        {
            if (!handedOver)
            {
                timer.Dispose();
                place?.Dispose();
            }
        }

        telemetry.End(activity, deployment, call, outcome.Exception, timer.Elapsed, streaming);
        return outcome;
    }

    private static async ValueTask<ChatCompletion> AskWholeAnswerAsync(Deployment deployment, CreateChatCompletionRequest request, AttemptTimer timer, RateLimitLease? place, IUpstreamObserver? observer) =>
        await deployment.Provider.CompleteAsync(request, timer.Token).ConfigureAwait(false);

    private static async ValueTask<StreamStart> OpenStreamAsync(Deployment deployment, CreateChatCompletionRequest request, AttemptTimer timer, RateLimitLease? place, IUpstreamObserver? observer)
    {
        var chunks = deployment.Provider.StreamAsync(request, timer.Token).GetAsyncEnumerator(timer.Token);
        try
        {
            if (!await chunks.MoveNextAsync().ConfigureAwait(false))
            {
                throw new ChatCompletionException(ChatErrorKind.UpstreamFailed, $"{deployment.Label} ended its stream without a chunk.");
            }

            timer.FirstChunkArrived();
            return new StreamStart(deployment, chunks, timer, place, observer);
        }
        catch
        {
            // Disposing the provider's enumerator aborts its HTTP request.
            await chunks.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Outcome<T> Failed<T>(Deployment deployment, ChatCompletionException exception, AttemptLog attempts, AttemptTimer timer)
    {
        if (UpstreamOutcomes.IsDeploymentFailure(exception))
        {
            attempts.Failed(deployment, exception, timer.Elapsed);
            RoutingLog.DeploymentFailed(logger, deployment.Label, exception.Kind, exception.UpstreamStatus, (long)timer.Elapsed.TotalMilliseconds);
        }

        return Outcome.FromException<T>(exception);
    }

    /// <summary>Moves on after a deployment's failure, or throws what the caller must see.</summary>
    private static void MoveOnOrThrow(Deployment deployment, Exception exception, AttemptLog attempts)
    {
        switch (exception)
        {
            case BrokenCircuitException:
                attempts.BreakerOpen(deployment);
                return;
            case ChatCompletionException { Code: AttemptLog.AtCapacityCode } atCapacity:
                // Refused by the upstream's own limit before anything was sent: the next deployment may have room.
                attempts.Failed(deployment, atCapacity, TimeSpan.Zero);
                return;
            case var failure when UpstreamOutcomes.IsDeploymentFailure(failure):
                return;
            default:
                // The caller's own refusal (a 400 relayed), a cancellation, or a fault of the gateway.
                ExceptionDispatchInfo.Throw(exception);
                return;
        }
    }
}
