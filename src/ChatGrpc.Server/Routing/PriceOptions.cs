namespace ChatGrpc.Server.Routing;

/// <summary>
/// What a model's tokens cost, in US dollars per million tokens: <c>ChatGrpc:Models:&lt;i&gt;:Price</c>, and per
/// deployment <c>ChatGrpc:Models:&lt;i&gt;:Deployments:&lt;j&gt;:Price</c>, whose values replace the model's one by one.
/// </summary>
internal sealed class PriceOptions
{
    public decimal? InputPerMillionTokens { get; set; }

    public decimal? OutputPerMillionTokens { get; set; }

    /// <summary>Prompt tokens the upstream served from its cache; at the input price when not set.</summary>
    public decimal? CachedInputPerMillionTokens { get; set; }
}
