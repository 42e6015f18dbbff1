namespace ChatGrpc.Server.Routing;

/// <summary>Where one public model is served: <c>ChatGrpc:Models:&lt;i&gt;:Deployments:&lt;j&gt;</c>.</summary>
internal sealed class DeploymentOptions
{
    /// <summary>A provider's name in <c>ChatGrpc:Providers</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>The upstream's model id (Azure: the deployment's name).</summary>
    public string? Model { get; set; }

    /// <summary>This deployment's share of the model's traffic among its healthy deployments.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>This deployment's price, where it differs from the model's (<see cref="ModelOptions.Price"/>).</summary>
    public PriceOptions? Price { get; set; }
}
