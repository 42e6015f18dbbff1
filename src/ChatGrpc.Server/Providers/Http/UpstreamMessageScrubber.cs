using System.Text.RegularExpressions;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// Takes secrets out of an upstream's own words before they reach a caller. Upstreams echo what they were sent (a
/// 400 quoting the request's headers, a proxy's error page), so a message relayed as it is could hand the provider key
/// from configuration to anyone who can make the upstream fail. Every configured secret of the provider (its
/// <c>ApiKey</c>, its <c>Headers</c> values) and anything shaped like a bearer token or an API key becomes
/// <see cref="Redacted"/>; the rest of the message is kept, since callers need it to fix their requests.
/// </summary>
/// <remarks>Every upstream text relayed to a caller, unary or streamed, REST or gRPC, goes through <see cref="Scrub"/>.</remarks>
internal sealed partial class UpstreamMessageScrubber
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Redacted = "[redacted]";

    // Configured header values shorter than this are switches and versions ("true", "2023-06-01" is 10), not secrets;
    // redacting them would mangle ordinary words in messages. An ApiKey is a secret whatever its length.
    private const int MinimumHeaderSecretLength = 12;

    private readonly string[] _secrets;

    private UpstreamMessageScrubber(IEnumerable<string> secrets) =>
        // Longest first, so that a secret containing another is replaced whole.
        _secrets = [.. secrets.Where(static s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(static s => s.Length)];

    /// <summary>A scrubber that knows no configured secret: only the shapes of tokens and keys.</summary>
    public static UpstreamMessageScrubber ShapesOnly { get; } = new([]);

    /// <summary>The scrubber for one provider: its key and its configured header values, and the shapes of tokens and keys.</summary>
    public static UpstreamMessageScrubber For(ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secrets = new List<string>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            secrets.Add(options.ApiKey);
        }

        foreach (var value in options.Headers.Values)
        {
            if (value is { Length: >= MinimumHeaderSecretLength })
            {
                secrets.Add(value);

                // "Bearer <token>" configured as a header: the token alone is as secret as the whole value.
                if (value.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && value.Length - space - 1 >= MinimumHeaderSecretLength)
                {
                    secrets.Add(value[(space + 1)..]);
                }
            }
        }

        return new UpstreamMessageScrubber(secrets);
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Redacted"/>; null stays null.</summary>
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        try
        {
            return SecretShapes().Replace(text, static match => match.Groups["label"].Success
                ? match.Groups["label"].Value + Redacted
                : Redacted);
        }
        catch (RegexMatchTimeoutException)
        {
            // A message built to make the patterns slow is not worth relaying: nothing of it is shown.
            return Redacted;
        }
    }

    /// <summary>
    /// Tokens and keys by their shape: <c>Bearer …</c> and <c>Basic …</c> credentials, <c>key=value</c> and
    /// <c>"api_key": "…"</c> pairs whose name says secret, and the prefixes vendors give their keys (OpenAI and
    /// Anthropic <c>sk-</c>, AWS <c>AKIA</c>, Google <c>AIza</c>, GitHub <c>ghp_</c>, JWTs).
    /// </summary>
    [GeneratedRegex(
        """
        (?<label>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}
        |(?<label>\b(?:x-)?(?:api[-_]?key|access[-_]?token|auth[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|authorization)["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b)[^\s"',;}&]{6,}
        |\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}
        |\bAKIA[0-9A-Z]{16}\b
        |\bAIza[0-9A-Za-z_-]{30,}
        |\bgh[pousr]_[A-Za-z0-9]{30,}
        |\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 200)]
    private static partial Regex SecretShapes();
}
