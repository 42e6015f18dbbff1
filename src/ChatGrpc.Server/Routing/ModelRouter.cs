using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Serves each public model from its deployments: finds the model in the <see cref="RouteTable"/>, lets the
/// <see cref="AttemptLoop"/> find a deployment that answers (retries, breakers, failover, fallback models), and gives
/// every answer its usage when the upstream reported none. A stream is committed to a deployment once its first chunk
/// has arrived: later failures go to the caller, never elsewhere.
/// </summary>
internal sealed class ModelRouter
{
    private readonly RouteTable _routes;
    private readonly AttemptLoop _attempts;
    private readonly UsageBackfill _usage;

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
        _routes = new RouteTable(options, routes, providers, timeProvider, logger);
        _attempts = new AttemptLoop(new RequestFieldPolicy(logger), new AttemptTelemetry(telemetry, observer), timeProvider, logger, random ?? Random.Shared);
        _usage = new UsageBackfill(usage);
    }

    /// <summary>The public model names this gateway serves, routes registered in code first, then configured ones in order.</summary>
    public IReadOnlyList<string> Models => _routes.Names;

    /// <summary>Whether <paramref name="model"/> is one of the names this gateway serves.</summary>
    public bool Serves(string model) => _routes.Contains(model);

    /// <summary>The public models with their deployments, in the order of <see cref="Models"/>.</summary>
    public IEnumerable<RoutedModel> RoutedModels => _routes.Models;

    /// <inheritdoc cref="RouteTable.HighestPrice"/>
    public TokenPrice? HighestPrice(string model) => _routes.HighestPrice(model);

    /// <summary>Answers <paramref name="request"/> whole, from the first deployment that can.</summary>
    /// <exception cref="ChatCompletionException">No such model; the caller's request refused; or nothing answered.</exception>
    public async Task<ChatCompletion> CompleteAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var completion = await _attempts.CompleteAsync(call, request, _routes.Find(request.Model)).ConfigureAwait(false);
        _usage.Fill(call, request, completion);
        return completion;
    }

    /// <summary>Streams the answer to <paramref name="request"/> from the first deployment whose stream starts.</summary>
    /// <exception cref="ChatCompletionException">No such model (thrown at once); later, as the stream's failure.</exception>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        return StreamAsync(call, request, _routes.Find(request.Model));
    }

    private async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request, RoutedModel model)
    {
        var start = await _attempts.OpenStreamAsync(call, request, model).ConfigureAwait(false);
        await using (start.ConfigureAwait(false))
        {
            var usage = _usage.Watch(call, request);
            try
            {
                var chunk = start.First;
                while (chunk is not null)
                {
                    usage?.Observe(chunk);
                    yield return chunk;
                    chunk = await start.NextAsync().ConfigureAwait(false);
                }

                if (usage?.EstimatedChunk() is { } estimated)
                {
                    yield return estimated;
                }
            }
            finally
            {
                // A stream cut short (the caller left, the upstream failed) is charged what its deltas held.
                usage?.Close();
            }
        }
    }
}
