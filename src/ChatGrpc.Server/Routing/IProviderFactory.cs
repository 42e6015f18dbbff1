using ChatGrpc.Server.Providers;

namespace ChatGrpc.Server.Routing;

/// <summary>Makes the provider of one configured deployment; a seam so that routing can be tested without HTTP.</summary>
internal interface IProviderFactory
{
    /// <returns>The provider, and the request fields its kind cannot honour.</returns>
    (IChatCompletionProvider Provider, IReadOnlyList<RequestField> Unsupported) Create(string providerName, ProviderOptions options, string upstreamModel);
}
