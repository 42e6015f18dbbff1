using ChatGrpc.Server.Auth;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>The production hasher, counting the derivations the server runs.</summary>
internal sealed class CountingPasswordHasher : IPasswordHasher
{
    private readonly Pbkdf2PasswordHasher _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public PasswordHash Hash(ReadOnlySpan<byte> password) => _inner.Hash(password);

    public bool Verify(ReadOnlySpan<byte> password, PasswordHash expected)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.Verify(password, expected);
    }
}
