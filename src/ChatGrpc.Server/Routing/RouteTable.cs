using System.Collections.Frozen;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Telemetry;
using Polly.CircuitBreaker;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// The public models and where each is served: built once when the router is made (at start-up), from the routes
/// registered in code and the validated configuration, and never changed after, so calls read it without locks.
/// Each model carries its deployments (each with its own retries and breaker) and its fallback chain.
/// </summary>
internal sealed class RouteTable
{
    private readonly FrozenDictionary<string, RoutedModel> _models;
    private readonly string[] _names;

    /// <param name="options">Validated configuration.</param>
    /// <param name="routes">Models served by providers registered in code (tests, and the development model).</param>
    /// <param name="providers">Makes the configured deployments' providers; null when none is configured.</param>
    /// <param name="timeProvider">The clock of the deployments' retries and breakers.</param>
    public RouteTable(RoutingOptions options, IEnumerable<ModelRoute> routes, IProviderFactory? providers, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(routes);
        var models = new Dictionary<string, RoutedModel>(StringComparer.Ordinal);
        var names = new List<string>();
        var deploymentCount = 0;
        void Add(RoutedModel model)
        {
            if (!models.TryAdd(model.Name, model))
            {
                throw new InvalidOperationException($"The model '{model.Name}' is routed twice.");
            }

            names.Add(model.Name);
            deploymentCount += model.Deployments.Count;
        }

        foreach (var route in routes)
        {
            // A provider registered in code honours every field it is given, and sees the request as sent.
            var deployment = NewDeployment(route.Model, route.Provider, 1, null, null, [], options.Resilience, ProviderNames.Of(route.Provider), null, timeProvider, logger);
            Add(new RoutedModel(route.Model, [deployment], UnsupportedFieldMode.Refuse, ExtraFieldMode.Pass));
        }

        var limits = new UpstreamLimits();
        foreach (var model in options.Models)
        {
            var deployments = new List<Deployment>();
            foreach (var configured in model.Deployments)
            {
                var provider = options.Providers[configured.Provider!];
                var (instance, unsupported) = (providers ?? throw new InvalidOperationException("No provider factory.")).Create(configured.Provider!, provider, configured.Model!);
                deployments.Add(NewDeployment(
                    $"{configured.Provider}/{configured.Model}",
                    instance,
                    configured.Weight,
                    provider.Timeout,
                    provider.FirstChunkTimeout,
                    unsupported,
                    options.Resilience,
                    ProviderNames.Of(provider.Kind),
                    limits.For(configured.Provider!, provider),
                    timeProvider,
                    logger) with
                { Price = DeploymentPrices.Of(model, configured) });
            }

            var mode = model.UnsupportedFields is null ? UnsupportedFieldMode.Refuse : Enum.Parse<UnsupportedFieldMode>(model.UnsupportedFields, ignoreCase: true);
            var extraFields = model.ExtraFields is null ? DefaultExtraFieldMode(model, options) : Enum.Parse<ExtraFieldMode>(model.ExtraFields, ignoreCase: true);
            Add(new RoutedModel(model.Name!, deployments, mode, extraFields));
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

    /// <summary>The public model names, routes registered in code first, then configured ones in order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The public models with their deployments, in the order of <see cref="Names"/>.</summary>
    public IEnumerable<RoutedModel> Models => _names.Select(name => _models[name]);

    public bool Contains(string model) => _models.ContainsKey(model);

    /// <summary>The model the caller named.</summary>
    /// <exception cref="ChatCompletionException">Not found, naming the models that are served.</exception>
    public RoutedModel Find(string model)
    {
        if (_models.TryGetValue(model, out var routed))
        {
            return routed;
        }

        throw new ChatCompletionException(ChatErrorKind.NotFound, ModelNames.NotServedMessage(model, _names))
        {
            Param = "model",
        };
    }

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
        foreach (var deployment in routed.Chain.SelectMany(static candidate => candidate.Deployments))
        {
            if (deployment.Price is { } price)
            {
                highest = highest is { } known
                    ? new TokenPrice(Math.Max(known.InputPerMillionTokens, price.InputPerMillionTokens), Math.Max(known.OutputPerMillionTokens, price.OutputPerMillionTokens), Math.Max(known.CachedInputPerMillionTokens, price.CachedInputPerMillionTokens))
                    : price;
            }
        }

        return highest;
    }

    private static Deployment NewDeployment(string label, IChatCompletionProvider provider, int weight, TimeSpan? timeout, TimeSpan? firstChunkTimeout, IReadOnlyList<RequestField> unsupported, ResilienceOptions resilience, string providerName, System.Threading.RateLimiting.ConcurrencyLimiter? limiter, TimeProvider timeProvider, ILogger logger)
    {
        var breaker = new CircuitBreakerStateProvider();
        var pipeline = DeploymentResilience.Build(label, resilience, timeProvider, logger, breaker);
        return new Deployment(label, provider, weight, timeout ?? resilience.DefaultTimeout, firstChunkTimeout, unsupported, pipeline, breaker, providerName, limiter);
    }

    /// <summary>Pass for a model served only by OpenAI-compatible upstreams, which take vLLM's and others' extras; Drop otherwise.</summary>
    private static ExtraFieldMode DefaultExtraFieldMode(ModelOptions model, RoutingOptions options) =>
        model.Deployments.All(d => Enum.Parse<ProviderKind>(options.Providers[d.Provider!].Kind!, ignoreCase: true) == ProviderKind.OpenAI)
            ? ExtraFieldMode.Pass
            : ExtraFieldMode.Drop;

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
