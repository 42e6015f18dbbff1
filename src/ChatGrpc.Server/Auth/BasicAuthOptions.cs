namespace ChatGrpc.Server.Auth;

/// <summary>Settings of HTTP Basic authentication, bound from <c>ChatGrpc:Auth</c>.</summary>
public sealed class BasicAuthOptions
{
    public const string SectionName = "ChatGrpc:Auth";

    /// <summary>Sent in <c>WWW-Authenticate: Basic realm="..."</c> with every REST 401.</summary>
    public string Realm { get; set; } = "ChatGrpc";

    /// <summary>
    /// User name -> password hash, as printed by <c>ChatGrpc.Server hash-password</c>
    /// (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;key&gt;</c>). User names are case-sensitive.
    /// </summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a successful check of a user and password is remembered, so that repeated
    /// requests skip the deliberately slow key derivation. Zero disables the memory.</summary>
    public TimeSpan VerifiedCredentialLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many verified credentials are remembered at most. Zero disables the memory.</summary>
    public int VerifiedCredentialCapacity { get; set; } = 10_000;
}
