namespace ChatGrpc.Server.Auth;

/// <summary>Splits an <c>Authorization</c> value into its scheme and credentials (RFC 9110 §11.4), without allocating.</summary>
internal static class AuthorizationHeader
{
    /// <summary>
    /// What follows <paramref name="scheme"/> (matched case-insensitively, then one or more spaces, which are skipped);
    /// false when the value is of another scheme or has nothing after it.
    /// </summary>
    public static bool TryGetCredentials(ReadOnlySpan<char> authorization, string scheme, out ReadOnlySpan<char> credentials)
    {
        credentials = default;
        if (authorization.Length <= scheme.Length
            || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || authorization[scheme.Length] != ' ')
        {
            return false;
        }

        credentials = authorization[(scheme.Length + 1)..].TrimStart(' ');
        return !credentials.IsEmpty;
    }
}
