using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Server.Providers.OpenAi;

/// <summary>An OpenAI-compatible server's endpoint: <c>{BaseUrl}/chat/completions</c>, the key as a Bearer token.</summary>
internal static class OpenAiEndpoints
{
    public static UpstreamEndpoint Create(string label, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var headers = new List<KeyValuePair<string, string>>(options.Headers);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            headers.Add(new("Authorization", "Bearer " + options.ApiKey));
        }

        return new UpstreamEndpoint(label, UpstreamEndpoint.Join(options.BaseUrl!, "chat/completions"), headers, options.HttpVersion)
        {
            Scrubber = UpstreamMessageScrubber.For(options),
            ReadLimits = UpstreamReadLimits.For(options),
        };
    }
}
