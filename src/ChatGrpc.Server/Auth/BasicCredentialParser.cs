using System.Text.Unicode;

namespace ChatGrpc.Server.Auth;

/// <summary>Reads <c>Authorization: Basic &lt;base64(user:password)&gt;</c> (RFC 7617) without allocating.</summary>
internal static class BasicCredentialParser
{
    private const string Scheme = "Basic";

    /// <summary>
    /// The base64 token after the scheme (matched case-insensitively, then one or more spaces);
    /// false when the value is of another scheme or has no token.
    /// </summary>
    public static bool TryGetToken(ReadOnlySpan<char> authorization, out ReadOnlySpan<char> token) =>
        AuthorizationHeader.TryGetCredentials(authorization, Scheme, out token);

    /// <summary>The buffer length <see cref="TryDecode"/> needs for <paramref name="token"/>.</summary>
    public static int GetMaxDecodedLength(ReadOnlySpan<char> token) => (token.Length + 3) / 4 * 3;

    /// <summary>
    /// Decodes <paramref name="token"/> into <paramref name="destination"/> and finds the first colon, which
    /// separates the user name from the password (a password may contain colons, a user name may not).
    /// False when the token is not padded standard base64, the credentials are not UTF-8, or there is no colon.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> token, Span<byte> destination, out int length, out int separatorIndex)
    {
        length = 0;
        separatorIndex = -1;

        // Convert skips whitespace inside base64, which RFC 7617's token68 does not allow.
        if (token.ContainsAny(" \t\r\n") || !Convert.TryFromBase64Chars(token, destination, out length))
        {
            return false;
        }

        var credentials = destination[..length];
        separatorIndex = credentials.IndexOf((byte)':');
        return separatorIndex >= 0 && Utf8.IsValid(credentials);
    }
}
