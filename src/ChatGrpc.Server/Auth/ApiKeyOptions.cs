namespace ChatGrpc.Server.Auth;

/// <summary>One API key, bound from <c>ChatGrpc:Auth:ApiKeys:&lt;name&gt;</c>.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>The configured user the key acts as.</summary>
    public string? User { get; set; }

    /// <summary>The key's hash, <c>sha256$&lt;hex&gt;</c> (<see cref="ApiKeyHash.Format"/>); never the key itself.</summary>
    public string? Hash { get; set; }

    /// <summary>
    /// When the key stops working, in ISO 8601 (<c>2027-01-31T00:00:00Z</c>; a time without an offset is UTC). Optional:
    /// without it the key works until it is removed. Text rather than a <see cref="DateTimeOffset"/> so that a value the
    /// validator cannot read is reported by name instead of failing the binding, and a missing offset never means the
    /// server's local time.
    /// </summary>
    public string? ExpiresAt { get; set; }
}
