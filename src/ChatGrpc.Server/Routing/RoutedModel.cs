using ChatGrpc.Server.Providers;

namespace ChatGrpc.Server.Routing;

/// <summary>A public model as the router serves it: its deployments, and the models to fall back on, in order.</summary>
internal sealed class RoutedModel(string name, IReadOnlyList<Deployment> deployments, UnsupportedFieldMode unsupportedFields, ExtraFieldMode extraFields)
{
    public string Name { get; } = name;

    public IReadOnlyList<Deployment> Deployments { get; } = deployments;

    public UnsupportedFieldMode UnsupportedFieldMode { get; } = unsupportedFields;

    /// <summary>What becomes of the request's fields outside OpenAI's schema (<c>extra_body</c>).</summary>
    public ExtraFieldMode ExtraFieldMode { get; } = extraFields;

    /// <summary>This model, then its fallbacks each followed by theirs, each model once; set once every model is built.</summary>
    public IReadOnlyList<RoutedModel> Chain { get; set; } = [];

    /// <summary>The fields any of the model's deployments cannot honour, each once, in a stable order.</summary>
    public IReadOnlyList<RequestField> UnsupportedFields { get; } =
        deployments.SelectMany(static d => d.UnsupportedFields).DistinctBy(static f => f.Name).ToArray();
}
