namespace ChatGrpc.Server.Auth;

/// <summary>Creates and checks password hashes. Passwords are the UTF-8 bytes the client sent.</summary>
internal interface IPasswordHasher
{
    PasswordHash Hash(ReadOnlySpan<byte> password);

    /// <summary>True when <paramref name="password"/> derives to <paramref name="expected"/>; always costs one full derivation.</summary>
    bool Verify(ReadOnlySpan<byte> password, PasswordHash expected);
}
