using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Providers.Anthropic;
using ChatGrpc.Server.Providers.AzureOpenAi;
using ChatGrpc.Server.Providers.OpenAi;

namespace ChatGrpc.Server.Routing;

/// <summary>Makes the provider of one configured deployment, by its provider's kind.</summary>
internal sealed class ProviderFactory(IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : IProviderFactory
{
    /// <summary>The named HttpClient every upstream call goes through (one connection pool per upstream host).</summary>
    public const string HttpClientName = "ChatGrpc.Upstream";

    public (IChatCompletionProvider Provider, IReadOnlyList<RequestField> Unsupported) Create(string providerName, ProviderOptions options, string upstreamModel)
    {
        var kind = Enum.Parse<ProviderKind>(options.Kind!, ignoreCase: true);
        var label = $"{providerName}/{upstreamModel}";
        var client = httpClientFactory.CreateClient(HttpClientName);
        return kind switch
        {
            ProviderKind.OpenAI => (new OpenAiCompatibleProvider(client, OpenAiEndpoints.Create(label, options), upstreamModel, timeProvider), []),
            ProviderKind.AzureOpenAI => (new OpenAiCompatibleProvider(client, AzureOpenAiEndpoints.Create(label, options, upstreamModel), upstreamModel, timeProvider), AzureOpenAiFields.Unsupported),
            _ => (new AnthropicProvider(client, AnthropicEndpoints.Create(label, options), upstreamModel, timeProvider), AnthropicFields.Unsupported),
        };
    }
}
