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
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;

    /// <param name="httpVersion"><see cref="ProviderOptions.HttpVersion"/>: <c>2</c>, <c>1.1</c>, or null for HTTP/2 over TLS where offered.</param>
    public UpstreamEndpoint(string name, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string? httpVersion = null)
    {
        Name = name;
        Uri = uri;
        _headers = headers.ToArray();
        (_version, _versionPolicy) = httpVersion switch
        {
            // Over plain HTTP there is no ALPN to negotiate with: HTTP/2 must be asked for exactly (h2c, prior knowledge).
            "2" => (HttpVersion.Version20, uri.Scheme == Uri.UriSchemeHttps ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact),
            "1.1" => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionExact),
            _ when uri.Scheme == Uri.UriSchemeHttps => (HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
            _ => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
        };
    }

    public string Name { get; }

    public Uri Uri { get; }

    /// <summary>What every message of this upstream relayed to a caller goes through: its configured secrets and token shapes are redacted.</summary>
    public UpstreamMessageScrubber Scrubber { get; init; } = UpstreamMessageScrubber.ShapesOnly;

    /// <summary>How much of an answer, and of one event of a stream, is read from this upstream.</summary>
    public UpstreamReadLimits ReadLimits { get; init; } = UpstreamReadLimits.Default;

    /// <summary>A request to the endpoint, in the HTTP version it was configured with.</summary>
    public HttpRequestMessage CreateRequest(HttpContent content, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Uri) { Content = content, Version = _version, VersionPolicy = _versionPolicy };

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
