using System.Buffers.Text;

namespace ChatGrpc.Server.Calls;

/// <summary>
/// The request id of a call: the caller's <c>x-request-id</c> when it is a short run of safe characters (it is echoed
/// into logs and answers, so nothing else is taken), otherwise a new random one.
/// </summary>
internal static class RequestId
{
    public const string HeaderName = "x-request-id";

    /// <summary>Longest caller-supplied id kept; a longer one is replaced, not cut, so it cannot be mistaken for another.</summary>
    public const int MaxLength = 128;

    /// <summary>The request id the call carries (set once per HTTP request, by the first to ask).</summary>
    public static string Of(Microsoft.AspNetCore.Http.HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Items.TryGetValue(HeaderName, out var known) && known is string id)
        {
            return id;
        }

        id = FromHeader(httpContext.Request.Headers[HeaderName]);
        httpContext.Items[HeaderName] = id;
        return id;
    }

    public static string FromHeader(string? value) => IsAcceptable(value) ? value! : NewId();

    /// <remarks>
    /// 96 bits from <see cref="Random.Shared"/> (seeded by the OS): an id must be unique, not secret, since nothing is
    /// authorized by it. The cryptographic generator's OpenSSL round trip cost a relayed call about 2% of its CPU.
    /// </remarks>
    public static string NewId()
    {
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        return Base64Url.EncodeToString(random);
    }

    private static bool IsAcceptable(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '+' or '='))
            {
                return false;
            }
        }

        return true;
    }
}
