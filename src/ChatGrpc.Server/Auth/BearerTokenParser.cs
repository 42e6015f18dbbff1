namespace ChatGrpc.Server.Auth;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750) without allocating.</summary>
internal static class BearerTokenParser
{
    private const string Scheme = "Bearer";

    /// <summary>
    /// The token after the scheme (matched case-insensitively, then one or more spaces); false when the value is of
    /// another scheme or has no token. The token is whatever follows: whether it is a key is for the key check to say.
    /// </summary>
    public static bool TryGetToken(ReadOnlySpan<char> authorization, out ReadOnlySpan<char> token)
    {
        if (!AuthorizationHeader.TryGetCredentials(authorization, Scheme, out token))
        {
            return false;
        }

        token = token.TrimEnd(' ');
        return true;
    }
}
