using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Providers.Anthropic;
using ChatGrpc.Server.Providers.Development;

namespace ChatGrpc.Server.Routing;

/// <summary>Upstream kinds as OpenTelemetry's GenAI conventions name them in <c>gen_ai.provider.name</c>.</summary>
internal static class ProviderNames
{
    public static string Of(string? kind) => kind?.ToUpperInvariant() switch
    {
        "OPENAI" => "openai",
        "AZUREOPENAI" => "azure.ai.openai",
        "ANTHROPIC" => "anthropic",
        _ => "unknown",
    };

    /// <summary>For providers registered in code, named by what they are.</summary>
    public static string Of(IChatCompletionProvider provider) => provider switch
    {
        DevelopmentModelProvider => "chatgrpc",
        AnthropicProvider => "anthropic",
        _ => "custom",
    };
}
