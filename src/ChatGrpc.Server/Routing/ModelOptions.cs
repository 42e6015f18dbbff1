namespace ChatGrpc.Server.Routing;

/// <summary>One public model: <c>ChatGrpc:Models:&lt;i&gt;</c>.</summary>
internal sealed class ModelOptions
{
    /// <summary>The name callers send as <c>model</c>.</summary>
    public string? Name { get; set; }

    public List<DeploymentOptions> Deployments { get; } = [];

    /// <summary>Public model names tried in order, each with its own fallbacks, once every deployment of this one failed.</summary>
    public List<string> Fallbacks { get; } = [];

    /// <summary><c>Refuse</c> (the default) or <c>Drop</c>: what to do with a request field a deployment's kind cannot honour.</summary>
    public string? UnsupportedFields { get; set; }

    /// <summary>What the model's tokens cost; a deployment's own price replaces it value by value. None: calls are unpriced.</summary>
    public PriceOptions? Price { get; set; }
}
