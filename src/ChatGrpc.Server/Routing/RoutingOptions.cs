using ChatGrpc.Server.Providers;
namespace ChatGrpc.Server.Routing;

/// <summary>
/// The upstreams and the public models they serve, bound from the <c>ChatGrpc</c> section: <c>Providers:&lt;name&gt;</c>,
/// <c>Models:&lt;i&gt;</c> and <c>Resilience</c>. Checked as a whole by <see cref="RoutingOptionsValidator"/> at start-up.
/// </summary>
internal sealed class RoutingOptions
{
    public const string SectionName = "ChatGrpc";

    /// <summary>Upstreams by name; configuration keys are case-insensitive, so names are too.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A list rather than a dictionary because model names hold ':' and '/', which configuration keys cannot.</summary>
    public List<ModelOptions> Models { get; } = [];

    public ResilienceOptions Resilience { get; } = new();
}
