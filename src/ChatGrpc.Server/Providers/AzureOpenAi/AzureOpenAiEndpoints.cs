using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Server.Providers.AzureOpenAi;

/// <summary>
/// An Azure OpenAI deployment: <c>{BaseUrl}/openai/deployments/{deployment}/chat/completions?api-version=…</c> with the
/// key in <c>api-key</c>. The wire format is OpenAI's, so the OpenAI-compatible provider does the rest.
/// </summary>
internal static class AzureOpenAiEndpoints
{
    /// <summary>The GA version of the data-plane API used when <c>ApiVersion</c> is not set.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    public static UpstreamEndpoint Create(string label, ProviderOptions options, string deployment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var version = string.IsNullOrEmpty(options.ApiVersion) ? DefaultApiVersion : options.ApiVersion;
        var path = $"openai/deployments/{Uri.EscapeDataString(deployment)}/chat/completions?api-version={Uri.EscapeDataString(version)}";
        var headers = new List<KeyValuePair<string, string>>(options.Headers);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            headers.Add(new("api-key", options.ApiKey));
        }

        return new UpstreamEndpoint(label, UpstreamEndpoint.Join(options.BaseUrl!, path), headers, options.HttpVersion)
        {
            Scrubber = UpstreamMessageScrubber.For(options),
            ReadLimits = UpstreamReadLimits.For(options),
        };
    }
}
