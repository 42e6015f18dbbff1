using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;

namespace ChatGrpc.Tests.Routing;

/// <summary>
/// Routing options as configuration would bind them, built in a line per model: every deployment is served by the
/// test provider of its model id (through <see cref="StubProviderFactory"/>), so no HTTP is involved.
/// </summary>
internal sealed class ConfiguredModels
{
    private readonly Dictionary<string, IChatCompletionProvider> _providers = new(StringComparer.Ordinal);

    public ConfiguredModels()
    {
        Options.Resilience.MaxRetries = 0;
        Options.Providers["p"] = new ProviderOptions { Kind = "OpenAI", BaseUrl = "http://127.0.0.1:1/v1" };
    }

    public RoutingOptions Options { get; } = new();

    public StubProviderFactory Factory => new(_providers);

    /// <summary>Adds the model <paramref name="name"/>, served by one deployment of provider <c>p</c> per entry of <paramref name="deployments"/>.</summary>
    public ModelOptions Add(string name, IReadOnlyList<(string Model, IChatCompletionProvider Provider)> deployments, params string[] fallbacks)
    {
        var model = new ModelOptions { Name = name };
        foreach (var (upstream, provider) in deployments)
        {
            _providers[upstream] = provider;
            model.Deployments.Add(new DeploymentOptions { Provider = "p", Model = upstream });
        }

        model.Fallbacks.AddRange(fallbacks);
        Options.Models.Add(model);
        return model;
    }

    /// <summary>Adds the model <paramref name="name"/>, served by <paramref name="provider"/> alone (its upstream id is the model's name).</summary>
    public ModelOptions Add(string name, IChatCompletionProvider provider, params string[] fallbacks) => Add(name, [(name, provider)], fallbacks);
}
