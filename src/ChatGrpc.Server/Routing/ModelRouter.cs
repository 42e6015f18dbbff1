using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Polly;
using Polly.CircuitBreaker;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Serves each public model from its deployments: weighted choice among the healthy ones, retries and a circuit
/// breaker per deployment (Polly), then the next deployment, then the model's fallbacks in order. A stream is
/// committed to a deployment once its first chunk has arrived: later failures go to the caller, never elsewhere.
/// When nothing answered, the caller gets one error listing what was tried.
/// </summary>
internal sealed class ModelRouter
{
    private readonly FrozenDictionary<string, RoutedModel> _models;
    private readonly string[] _names;
    private readonly TimeProvider _timeProvider;
    private readonly UsageEstimator _usage;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly GatewayTelemetry? _telemetry;
    private readonly IUpstreamObserver? _observer;
    private readonly Dictionary<string, ConcurrencyLimiter> _upstreamLimits = new(StringComparer.Ordinal);

    /// <param name="options">Validated configuration.</param>
    /// <param name="routes">Models served by providers registered in code (tests, and the development model).</param>
    /// <param name="providers">Makes the configured deployments' providers; null when none is configured.</param>
    /// <param name="random">The weighted choice's randomness; tests pass a seeded one.</param>
    internal ModelRouter(
        RoutingOptions options,
        IEnumerable<ModelRoute> routes,
        IProviderFactory? providers,
        UsageEstimator usage,
        TimeProvider timeProvider,
        ILogger logger,
        Random? random = null,
        GatewayTelemetry? telemetry = null,
        IUpstreamObserver? observer = null)
    {
        _telemetry = telemetry;
        _observer = observer;
        _timeProvider = timeProvider;
        _usage = usage;
        _logger = logger;
        _random = random ?? Random.Shared;
        var models = new Dictionary<string, RoutedModel>(StringComparer.Ordinal);
        var names = new List<string>();
        var deploymentCount = 0;
        foreach (var route in routes)
        {
            var deployment = CreateDeployment(route.Model, route.Provider, 1, null, null, [], options.Resilience, ProviderNames.Of(route.Provider), null);
            if (!models.TryAdd(route.Model, new RoutedModel(route.Model, [deployment], UnsupportedFieldMode.Refuse, ExtraFieldMode.Pass)))
            {
                throw new InvalidOperationException($"The model '{route.Model}' is routed twice.");
            }

            names.Add(route.Model);
            deploymentCount++;
        }

        foreach (var model in options.Models)
        {
            var deployments = new List<Deployment>();
            foreach (var configured in model.Deployments)
            {
                var provider = options.Providers[configured.Provider!];
                var (instance, unsupported) = (providers ?? throw new InvalidOperationException("No provider factory.")).Create(configured.Provider!, provider, configured.Model!);
                deployments.Add(CreateDeployment(
                    $"{configured.Provider}/{configured.Model}",
                    instance,
                    configured.Weight,
                    provider.Timeout,
                    provider.FirstChunkTimeout,
                    unsupported,
                    options.Resilience,
                    ProviderNames.Of(provider.Kind),
                    UpstreamLimit(configured.Provider!, provider)) with
                { Price = DeploymentPrices.Of(model, configured) });
            }

            var mode = model.UnsupportedFields is null ? UnsupportedFieldMode.Refuse : Enum.Parse<UnsupportedFieldMode>(model.UnsupportedFields, ignoreCase: true);
            var extraFields = model.ExtraFields is null ? DefaultExtraFieldMode(model, options) : Enum.Parse<ExtraFieldMode>(model.ExtraFields, ignoreCase: true);
            if (!models.TryAdd(model.Name!, new RoutedModel(model.Name!, deployments, mode, extraFields)))
            {
                throw new InvalidOperationException($"The model '{model.Name}' is routed twice.");
            }

            names.Add(model.Name!);
            deploymentCount += deployments.Count;
        }

        foreach (var model in options.Models)
        {
            models[model.Name!].Chain = Chain(models[model.Name!], model.Fallbacks, models, options);
        }

        foreach (var model in models.Values.Where(static m => m.Chain.Count == 0))
        {
            model.Chain = [model];
        }

        _models = models.ToFrozenDictionary(StringComparer.Ordinal);
        _names = [.. names];
        RoutingLog.Built(logger, _names.Length, deploymentCount, _names.Length == 0 ? "no models" : string.Join(", ", _names));
    }

    /// <summary>The public model names this gateway serves, routes registered in code first, then configured ones in order.</summary>
    public IReadOnlyList<string> Models => _names;

    /// <summary>Whether <paramref name="model"/> is one of the names this gateway serves.</summary>
    public bool Serves(string model) => _models.ContainsKey(model);

    /// <summary>The public models with their deployments, in the order of <see cref="Models"/>.</summary>
    public IEnumerable<RoutedModel> RoutedModels => _names.Select(name => _models[name]);

    /// <summary>
    /// The most a call of <paramref name="model"/> can be charged per token, whichever deployment (its fallbacks' included)
    /// serves it: the highest input, cached input and output prices among them. Null when none is priced or no such model.
    /// </summary>
    public TokenPrice? HighestPrice(string model)
    {
        if (!_models.TryGetValue(model, out var routed))
        {
            return null;
        }

        TokenPrice? highest = null;
        foreach (var candidate in routed.Chain)
        {
            foreach (var deployment in candidate.Deployments)
            {
                if (deployment.Price is { } price)
                {
                    highest = highest is { } known
                        ? new TokenPrice(Math.Max(known.InputPerMillionTokens, price.InputPerMillionTokens), Math.Max(known.OutputPerMillionTokens, price.OutputPerMillionTokens), Math.Max(known.CachedInputPerMillionTokens, price.CachedInputPerMillionTokens))
                        : price;
                }
            }
        }

        return highest;
    }

    /// <summary>Answers <paramref name="request"/> whole, from the first deployment that can.</summary>
    /// <exception cref="ChatCompletionException">No such model; the caller's request refused; or nothing answered.</exception>
    public async Task<ChatCompletion> CompleteAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var model = Route(request.Model);
        var attempts = new AttemptLog();
        foreach (var deployment in Candidates(call, request, model, attempts))
        {
            var context = ResilienceContextPool.Shared.Get(call.CancellationToken);
            try
            {
                var outcome = await deployment.Pipeline.ExecuteOutcomeAsync(
                    static async (context, state) => await state.Router.AttemptCompleteAsync(state.Call, state.Deployment, state.Request, state.Attempts, context.CancellationToken).ConfigureAwait(false),
                    context,
                    (Router: this, Call: call, Deployment: deployment, Request: request, Attempts: attempts)).ConfigureAwait(false);
                if (outcome.Exception is null)
                {
                    var completion = outcome.Result!;
                    if (completion.Usage is null)
                    {
                        completion.Usage = _usage.Estimate(request, completion, call.CancellationToken);
                        call.UsageEstimated = true;
                    }

                    return completion;
                }

                HandleFailure(deployment, outcome.Exception, attempts);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        throw attempts.Failure(model.Name);
    }

    /// <summary>Streams the answer to <paramref name="request"/> from the first deployment whose stream starts.</summary>
    /// <exception cref="ChatCompletionException">No such model (thrown at once); later, as the stream's failure.</exception>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        return StreamAsync(call, request, Route(request.Model));
    }

    private async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request, RoutedModel model)
    {
        var attempts = new AttemptLog();
        StreamStart? start = null;
        foreach (var deployment in Candidates(call, request, model, attempts))
        {
            var context = ResilienceContextPool.Shared.Get(call.CancellationToken);
            try
            {
                var outcome = await deployment.Pipeline.ExecuteOutcomeAsync(
                    static async (context, state) => await state.Router.AttemptStreamAsync(state.Call, state.Deployment, state.Request, state.Attempts, context.CancellationToken).ConfigureAwait(false),
                    context,
                    (Router: this, Call: call, Deployment: deployment, Request: request, Attempts: attempts)).ConfigureAwait(false);
                if (outcome.Exception is null)
                {
                    start = outcome.Result;
                    break;
                }

                HandleFailure(deployment, outcome.Exception, attempts);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        if (start is null)
        {
            throw attempts.Failure(model.Name);
        }

        await using (start.ConfigureAwait(false))
        {
            var usage = request.StreamOptions is { IncludeUsage: true } ? new StreamUsage(_usage, request, call) : null;
            var chunk = start.First;
            while (chunk is not null)
            {
                usage?.Observe(chunk);
                yield return chunk;
                chunk = await start.NextAsync().ConfigureAwait(false);
            }

            if (usage is { Reported: false })
            {
                call.UsageEstimated = true;
                yield return usage.Chunk();
            }
        }
    }

    private async ValueTask<Outcome<ChatCompletion>> AttemptCompleteAsync(CallContext call, Deployment deployment, CreateChatCompletionRequest request, AttemptLog attempts, CancellationToken cancellationToken)
    {
        using var place = await TakePlaceAsync(deployment, cancellationToken).ConfigureAwait(false);
        using var activity = StartAttempt(deployment);
        using var timer = new AttemptTimer(deployment, _timeProvider, streaming: false, cancellationToken);
        Outcome<ChatCompletion> outcome;
        try
        {
            outcome = Outcome.FromResult(await deployment.Provider.CompleteAsync(request, timer.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException exception) when (timer.TimedOut)
        {
            outcome = Failed<ChatCompletion>(deployment, new ChatCompletionException(ChatErrorKind.UpstreamTimeout, $"{deployment.Label} did not answer within {deployment.Timeout}.", exception), attempts, timer);
        }
        catch (ChatCompletionException exception)
        {
            outcome = Failed<ChatCompletion>(deployment, exception, attempts, timer);
        }
        catch (Exception exception)
        {
            EndAttempt(activity, deployment, call, exception, timer.Elapsed, streaming: false);
            throw;
        }

        EndAttempt(activity, deployment, call, outcome.Exception, timer.Elapsed, streaming: false);
        return outcome;
    }

    private async ValueTask<Outcome<StreamStart>> AttemptStreamAsync(CallContext call, Deployment deployment, CreateChatCompletionRequest request, AttemptLog attempts, CancellationToken cancellationToken)
    {
        var place = await TakePlaceAsync(deployment, cancellationToken).ConfigureAwait(false);
        using var activity = StartAttempt(deployment);
        var started = _timeProvider.GetTimestamp();
        var outcome = await AttemptStreamStartAsync(deployment, request, attempts, place, cancellationToken).ConfigureAwait(false);
        EndAttempt(activity, deployment, call, outcome.Exception, _timeProvider.GetElapsedTime(started), streaming: true);
        return outcome;
    }

    private async ValueTask<Outcome<StreamStart>> AttemptStreamStartAsync(Deployment deployment, CreateChatCompletionRequest request, AttemptLog attempts, RateLimitLease? place, CancellationToken cancellationToken)
    {
        var timer = new AttemptTimer(deployment, _timeProvider, streaming: true, cancellationToken);
        IAsyncEnumerator<ChatCompletionChunk>? chunks = null;
        var committed = false;
        try
        {
            chunks = deployment.Provider.StreamAsync(request, timer.Token).GetAsyncEnumerator(timer.Token);
            if (!await chunks.MoveNextAsync().ConfigureAwait(false))
            {
                throw new ChatCompletionException(ChatErrorKind.UpstreamFailed, $"{deployment.Label} ended its stream without a chunk.");
            }

            timer.FirstChunkArrived();
            committed = true;
            return Outcome.FromResult(new StreamStart(deployment, chunks, timer, place, _observer));
        }
        catch (OperationCanceledException exception) when (timer.TimedOut)
        {
            var message = timer.TimedOutBeforeFirstChunk
                ? $"{deployment.Label} sent no chunk within {deployment.FirstChunkTimeout}."
                : $"{deployment.Label} did not answer within {deployment.Timeout}.";
            return Failed<StreamStart>(deployment, new ChatCompletionException(ChatErrorKind.UpstreamTimeout, message, exception), attempts, timer);
        }
        catch (ChatCompletionException exception)
        {
            return Failed<StreamStart>(deployment, exception, attempts, timer);
        }
        finally
        {
            if (!committed)
            {
                // Disposing the provider's enumerator aborts its HTTP request.
                if (chunks is not null)
                {
                    await chunks.DisposeAsync().ConfigureAwait(false);
                }

                timer.Dispose();
                place?.Dispose();
            }
        }
    }

    private Outcome<T> Failed<T>(Deployment deployment, ChatCompletionException exception, AttemptLog attempts, AttemptTimer timer)
    {
        if (UpstreamOutcomes.IsDeploymentFailure(exception))
        {
            attempts.Failed(deployment, exception, timer.Elapsed);
            RoutingLog.DeploymentFailed(_logger, deployment.Label, exception.Kind, exception.UpstreamStatus, (long)timer.Elapsed.TotalMilliseconds);
        }

        return Outcome.FromException<T>(exception);
    }

    /// <summary>Moves on after a deployment's failure, or throws what the caller must see.</summary>
    private static void HandleFailure(Deployment deployment, Exception exception, AttemptLog attempts)
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

    /// <summary>The deployments to try, in order: each model of the chain, its unsupported fields dealt with, its deployments by weight.</summary>
    private IEnumerable<Deployment> Candidates(CallContext call, CreateChatCompletionRequest request, RoutedModel model, AttemptLog attempts)
    {
        foreach (var candidate in model.Chain)
        {
            if (!Admit(call, request, candidate, isRequested: candidate == model, attempts))
            {
                continue;
            }

            foreach (var deployment in WeightedOrder.Arrange(candidate.Deployments, _random))
            {
                yield return deployment;
            }
        }
    }

    /// <summary>Pass for a model served only by OpenAI-compatible upstreams, which take vLLM's and others' extras; Drop otherwise.</summary>
    private static ExtraFieldMode DefaultExtraFieldMode(ModelOptions model, RoutingOptions options) =>
        model.Deployments.All(d => Enum.Parse<ProviderKind>(options.Providers[d.Provider!].Kind!, ignoreCase: true) == ProviderKind.OpenAI)
            ? ExtraFieldMode.Pass
            : ExtraFieldMode.Drop;

    /// <summary>Drops or refuses the request's fields the model cannot honour: false when a fallback model must be skipped.</summary>
    private bool Admit(CallContext call, CreateChatCompletionRequest request, RoutedModel model, bool isRequested, AttemptLog attempts)
    {
        if (!AdmitExtraFields(call, request, model, isRequested, attempts))
        {
            return false;
        }

        foreach (var field in model.UnsupportedFields)
        {
            if (!field.IsSet(request))
            {
                continue;
            }

            if (model.UnsupportedFieldMode == UnsupportedFieldMode.Drop)
            {
                field.Clear(request);
                call.RecordDroppedField(field.Name);
                RoutingLog.FieldDropped(_logger, model.Name, field.Name);
                continue;
            }

            if (!isRequested)
            {
                attempts.Refused(model, field.Name);
                return false;
            }

            throw new ChatCompletionException(
                ChatErrorKind.BadRequest,
                $"The model '{model.Name}' cannot honour '{field.Name}': its provider would ignore or misread it. Remove the field, or ask the gateway's operators to set the model's UnsupportedFields to Drop.")
            {
                Param = field.Name,
            };
        }

        return true;
    }

    /// <summary>Applies the model's ExtraFields to the request's <c>extra_body</c>: false when a fallback model must be skipped.</summary>
    private bool AdmitExtraFields(CallContext call, CreateChatCompletionRequest request, RoutedModel model, bool isRequested, AttemptLog attempts)
    {
        if (request.ExtraBody is not { Fields.Count: > 0 } extras)
        {
            return true;
        }

        // Over gRPC extra_body can name a typed field; sending both would give the upstream two values for one key.
        foreach (var key in extras.Fields.Keys)
        {
            if (OpenAi.Reading.RequestReader.NamesField(key))
            {
                throw new ChatCompletionException(
                    ChatErrorKind.BadRequest,
                    $"extra_body holds '{key}', a field of the request itself: set it there instead.")
                {
                    Param = "extra_body",
                };
            }
        }

        switch (model.ExtraFieldMode)
        {
            case ExtraFieldMode.Drop:
                foreach (var key in extras.Fields.Keys)
                {
                    call.RecordDroppedField(DroppedFieldName(key));
                }

                RoutingLog.ExtraFieldsDropped(_logger, model.Name, extras.Fields.Count);
                request.ExtraBody = null;
                return true;
            case ExtraFieldMode.Refuse:
                var first = DroppedFieldName(extras.Fields.Keys.First());
                if (!isRequested)
                {
                    attempts.Refused(model, first);
                    return false;
                }

                throw new ChatCompletionException(
                    ChatErrorKind.BadRequest,
                    $"The model '{model.Name}' does not take '{first}', a field outside OpenAI's Chat Completions schema. Remove it, or ask the gateway's operators to set the model's ExtraFields to Pass or Drop.")
                {
                    Param = first,
                };
            default:
                return true;
        }
    }

    /// <summary>
    /// A caller's key as a header value and a message may show it: at most 64 characters, anything but letters, digits
    /// and <c>_ - . :</c> replaced by <c>_</c> (a header value cannot hold control characters, and the caller must not
    /// size what the gateway writes).
    /// </summary>
    private static string DroppedFieldName(string key)
    {
        var length = Math.Min(key.Length, 64);
        return string.Create(length, key, static (span, key) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = key[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' ? c : '_';
            }
        });
    }

    private RoutedModel Route(string model)
    {
        if (_models.TryGetValue(model, out var routed))
        {
            return routed;
        }

        throw new ChatCompletionException(
            ChatErrorKind.NotFound,
            ModelNames.NotServedMessage(model, _names))
        {
            Param = "model",
        };
    }

    private Deployment CreateDeployment(string label, IChatCompletionProvider provider, int weight, TimeSpan? timeout, TimeSpan? firstChunkTimeout, IReadOnlyList<RequestField> unsupported, ResilienceOptions resilience, string providerName, ConcurrencyLimiter? limiter)
    {
        var breaker = new CircuitBreakerStateProvider();
        var pipeline = DeploymentResilience.Build(label, resilience, _timeProvider, _logger, breaker);
        return new Deployment(label, provider, weight, timeout ?? resilience.DefaultTimeout, firstChunkTimeout, unsupported, pipeline, breaker, providerName, limiter);
    }

    /// <summary>One limiter per upstream (provider name), shared by all its deployments, when it is configured with a limit.</summary>
    private ConcurrencyLimiter? UpstreamLimit(string providerName, ProviderOptions provider)
    {
        if (provider.MaxConcurrentCalls is not { } permits)
        {
            return null;
        }

        if (!_upstreamLimits.TryGetValue(providerName, out var limiter))
        {
            limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = provider.QueueLength, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
            _upstreamLimits.Add(providerName, limiter);
        }

        return limiter;
    }

    /// <summary>A place at the deployment's upstream, or a 503 when it is full (not a failure of the deployment: nothing was sent).</summary>
    private static async ValueTask<RateLimitLease?> TakePlaceAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.Limiter is not { } limiter)
        {
            return null;
        }

        return await LimiterLeases.TryTakeAsync(limiter, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatCompletionException(ChatErrorKind.Unavailable, "at its limit of calls in flight") { RetryAfter = TimeSpan.FromSeconds(1), Code = AttemptLog.AtCapacityCode };
    }

    /// <summary>A span per upstream attempt, a child of the call's.</summary>
    private static Activity? StartAttempt(Deployment deployment)
    {
        if (!GatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = GatewayTelemetry.ActivitySource.StartActivity("chat " + deployment.Label, ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.provider.name", deployment.ProviderName);
        activity?.SetTag("chatgrpc.deployment", deployment.Label);
        return activity;
    }

    private void EndAttempt(Activity? activity, Deployment deployment, CallContext call, Exception? failure, TimeSpan elapsed, bool streaming)
    {
        var outcome = failure is null ? "ok" : failure is ChatCompletionException known ? ChatErrors.Describe(known.Kind).OutcomeTag : "internal";
        _telemetry?.UpstreamAttempted(deployment.Label, outcome);
        _observer?.AttemptEnded(call, deployment, failure, elapsed, streaming);
        if (failure is null)
        {
            call.Record.Deployment = deployment.Label;
            call.Record.Provider = deployment.ProviderName;
            call.Record.Price = deployment.Price;
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity?.SetTag("error.type", outcome);
        }
    }

    /// <summary>This model, then each fallback followed by its own chain, each model once (cycles are refused at start-up).</summary>
    private static RoutedModel[] Chain(RoutedModel model, List<string> fallbacks, Dictionary<string, RoutedModel> models, RoutingOptions options)
    {
        var chain = new List<RoutedModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Visit(model, fallbacks);
        return [.. chain];

        void Visit(RoutedModel current, List<string> currentFallbacks)
        {
            if (!seen.Add(current.Name))
            {
                return;
            }

            chain.Add(current);
            foreach (var fallback in currentFallbacks)
            {
                var next = models[fallback];
                Visit(next, options.Models.First(m => string.Equals(m.Name, fallback, StringComparison.Ordinal)).Fallbacks);
            }
        }
    }
}
