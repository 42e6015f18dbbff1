using System.Collections.Frozen;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>Chooses the provider that serves a model, by the model's name.</summary>
public sealed class ModelRouter
{
    // Model names are echoed in errors; a hostile one must not make the error huge.
    private const int MaxEchoedModelLength = 128;

    private readonly FrozenDictionary<string, IChatCompletionProvider> _providersByModel;

    public ModelRouter(IEnumerable<ModelRoute> routes)
    {
        var providers = new Dictionary<string, IChatCompletionProvider>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (!providers.TryAdd(route.Model, route.Provider))
            {
                throw new InvalidOperationException($"The model '{route.Model}' is routed twice.");
            }
        }

        _providersByModel = providers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The models this gateway serves.</summary>
    public IReadOnlyList<string> Models => _providersByModel.Keys;

    /// <summary>Answers <paramref name="request"/> whole from the provider that serves its model.</summary>
    public Task<ChatCompletion> CompleteAsync(CallContext call, CreateChatCompletionRequest request) =>
        Route(request.Model).CompleteAsync(request, call.CancellationToken);

    /// <summary>Streams the answer to <paramref name="request"/> from the provider that serves its model.</summary>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request) =>
        Route(request.Model).StreamAsync(request, call.CancellationToken);

    /// <exception cref="ChatCompletionException">No provider serves <paramref name="model"/>.</exception>
    private IChatCompletionProvider Route(string model)
    {
        if (_providersByModel.TryGetValue(model, out var provider))
        {
            return provider;
        }

        var shown = model.Length > MaxEchoedModelLength ? string.Concat(model.AsSpan(0, MaxEchoedModelLength), "...") : model;
        throw new ChatCompletionException(
            ChatErrorKind.NotFound,
            $"The model '{shown}' does not exist or is not served by this gateway. Served models: {string.Join(", ", _providersByModel.Keys)}.")
        {
            Param = "model",
        };
    }
}
