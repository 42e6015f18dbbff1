using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Providers.Anthropic;
using ChatGrpc.Server.Providers.AzureOpenAi;
using ChatGrpc.Server.Providers.OpenAi;

namespace ChatGrpc.Server.Routing;

/// <summary>Makes the provider of one configured deployment, by its provider's kind.</summary>
internal sealed class ProviderFactory(IHttpMessageHandlerFactory handlerFactory, TimeProvider timeProvider) : IProviderFactory
{
    /// <summary>The named handler chain every upstream call goes through (one connection pool per upstream host).</summary>
    public const string HttpClientName = "ChatGrpc.Upstream";

    public (IChatCompletionProvider Provider, IReadOnlyList<RequestField> Unsupported) Create(string providerName, ProviderOptions options, string upstreamModel)
    {
        var kind = Enum.Parse<ProviderKind>(options.Kind!, ignoreCase: true);
        var label = $"{providerName}/{upstreamModel}";
        // The chain lives as long as the process (its lifetime is infinite), so holding it is safe; an invoker
        // rather than an HttpClient, since HttpClient's per-call extras buy the relay nothing (see UpstreamHttp).
        var client = new HttpMessageInvoker(handlerFactory.CreateHandler(HttpClientName), disposeHandler: false);
        return kind switch
        {
            ProviderKind.OpenAI => (new OpenAiCompatibleProvider(client, OpenAiEndpoints.Create(label, options), upstreamModel, timeProvider), []),
            ProviderKind.AzureOpenAI => (new OpenAiCompatibleProvider(client, AzureOpenAiEndpoints.Create(label, options, upstreamModel), upstreamModel, timeProvider), AzureOpenAiFields.Unsupported),
            _ => (new AnthropicProvider(client, AnthropicEndpoints.Create(label, options), upstreamModel, timeProvider), AnthropicFields.Unsupported),
        };
    }
}
