using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// The form of an API key: <c>cgk_</c> then 32 random bytes in unpadded base64url (43 characters). The prefix lets
/// secret scanners recognise a leaked key; the random part makes it as hard to guess as a 256-bit secret.
/// </summary>
internal static class ApiKey
{
    public const string Prefix = "cgk_";
    public const int RandomByteCount = 32;

    /// <summary>The length of every key <see cref="Create"/> makes.</summary>
    public static readonly int Length = Prefix.Length + Base64Url.GetEncodedLength(RandomByteCount);

    /// <summary>Key names (<c>ChatGrpc:Auth:ApiKeys:&lt;name&gt;</c>): short, and safe in a log line, a metric label and a file name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>A new key from the system's cryptographic random number generator.</summary>
    public static string Create()
    {
        Span<byte> random = stackalloc byte[RandomByteCount];
        RandomNumberGenerator.Fill(random);
        try
        {
            return Prefix + Base64Url.EncodeToString(random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>Whether <paramref name="name"/> may name a key: 1 to <see cref="MaxNameLength"/> ASCII letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>
    /// Reads <c>ExpiresAt</c>: ISO 8601 (RFC 3339) with or without an offset, or a date alone; no offset means UTC, never
    /// the server's local time. Null text means no expiry.
    /// </summary>
    public static bool TryParseExpiry(string? text, out DateTimeOffset? expiresAt)
    {
        expiresAt = null;
        if (text is null)
        {
            return true;
        }

        string[] formats =
        [
            "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
            "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        ];
        if (!DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        expiresAt = parsed;
        return true;
    }
}
