namespace ChatGrpc.Server.Auth;

/// <summary>One API key of one version of <c>ChatGrpc:Auth:ApiKeys</c>: its name, the user it acts as, its hash and expiry.</summary>
internal sealed record ConfiguredApiKey(string Name, string User, ApiKeyHash Hash, DateTimeOffset? ExpiresAt)
{
    /// <summary>Whether the key has stopped working at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;
}
