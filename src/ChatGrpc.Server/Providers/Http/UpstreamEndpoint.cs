using System.Net;
using System.Net.Http.Headers;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// Where and how one deployment is called: its URL and the headers every request carries (credentials, version,
/// configured extras). <see cref="Name"/> is what errors and logs show: the provider's name and the upstream model,
/// never the URL's query nor a header.
/// </summary>
internal sealed class UpstreamEndpoint
{
    private readonly KeyValuePair<string, string>[] _headers;

    public UpstreamEndpoint(string name, Uri uri, IEnumerable<KeyValuePair<string, string>> headers)
    {
        Name = name;
        Uri = uri;
        _headers = headers.ToArray();
    }

    public string Name { get; }

    public Uri Uri { get; }

    /// <summary>A request to the endpoint: HTTP/2 where a TLS upstream offers it, HTTP/1.1 otherwise (no h2c without prior knowledge).</summary>
    public HttpRequestMessage CreateRequest(HttpContent content, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Uri) { Content = content };
        if (Uri.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        request.Headers.Accept.Add(stream ? s_eventStream : s_json);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static readonly MediaTypeWithQualityHeaderValue s_eventStream = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue s_json = new("application/json");

    /// <summary><paramref name="baseUrl"/> and <paramref name="path"/> joined with exactly one slash, as the vendors' SDKs join them.</summary>
    public static Uri Join(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'));
}
