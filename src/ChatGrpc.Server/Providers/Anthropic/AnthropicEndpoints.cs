using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>Anthropic's Messages API: <c>{BaseUrl}/v1/messages</c>, the key in <c>x-api-key</c>, the API version in <c>anthropic-version</c>.</summary>
internal static class AnthropicEndpoints
{
    /// <summary>The version sent when <c>ApiVersion</c> is not set: the Messages API's current (and only GA) version.</summary>
    public const string DefaultApiVersion = "2023-06-01";

    public static UpstreamEndpoint Create(string label, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var headers = new List<KeyValuePair<string, string>>(options.Headers)
        {
            new("anthropic-version", string.IsNullOrEmpty(options.ApiVersion) ? DefaultApiVersion : options.ApiVersion),
        };
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            headers.Add(new("x-api-key", options.ApiKey));
        }

        return new UpstreamEndpoint(label, UpstreamEndpoint.Join(options.BaseUrl!, "v1/messages"), headers, options.HttpVersion)
        {
            Scrubber = UpstreamMessageScrubber.For(options),
            ReadLimits = UpstreamReadLimits.For(options),
        };
    }
}
