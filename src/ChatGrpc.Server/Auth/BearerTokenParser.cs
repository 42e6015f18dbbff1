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
        token = default;
        if (authorization.Length <= Scheme.Length
            || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || authorization[Scheme.Length] != ' ')
        {
            return false;
        }

        token = authorization[(Scheme.Length + 1)..].Trim(' ');
        return !token.IsEmpty;
    }
}
