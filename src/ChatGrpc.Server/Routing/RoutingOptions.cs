using ChatGrpc.Server.Providers;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// The upstreams, the public models they serve and how hard each is tried: one feature over three sections of its own,
/// <c>ChatGrpc:Providers:&lt;name&gt;</c>, <c>ChatGrpc:Models:&lt;i&gt;</c> and <c>ChatGrpc:Resilience</c>, each bound to
/// its property by <see cref="BindFrom"/> (never the whole <c>ChatGrpc</c> section). Checked as a whole by
/// <see cref="RoutingOptionsValidator"/> at start-up, because models name providers and each other.
/// </summary>
internal sealed class RoutingOptions
{
    public const string ProvidersSectionName = "ChatGrpc:Providers";

    public const string ModelsSectionName = "ChatGrpc:Models";

    public const string ResilienceSectionName = "ChatGrpc:Resilience";

    /// <summary>Upstreams by name; configuration keys are case-insensitive, so names are too.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A list rather than a dictionary because model names hold ':' and '/', which configuration keys cannot.</summary>
    public List<ModelOptions> Models { get; } = [];

    public ResilienceOptions Resilience { get; } = new();

    /// <summary>Binds each property from its own section of <paramref name="configuration"/>.</summary>
    public RoutingOptions BindFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.GetSection(ProvidersSectionName).Bind(Providers);
        configuration.GetSection(ModelsSectionName).Bind(Models);
        configuration.GetSection(ResilienceSectionName).Bind(Resilience);
        return this;
    }
}
