using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;

namespace ChatGrpc.Tests.Routing;

/// <summary>Serves configured deployments from test providers, by upstream model id, with the fields each refuses.</summary>
internal sealed class StubProviderFactory(IReadOnlyDictionary<string, IChatCompletionProvider> byModel, IReadOnlyList<RequestField>? unsupported = null) : IProviderFactory
{
    public (IChatCompletionProvider Provider, IReadOnlyList<RequestField> Unsupported) Create(string providerName, ProviderOptions options, string upstreamModel) =>
        (byModel[upstreamModel], unsupported ?? []);
}
