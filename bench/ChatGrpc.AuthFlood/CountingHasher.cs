using ChatGrpc.Server.Auth;

namespace ChatGrpc.AuthFlood;

/// <summary>The production hasher, counting the derivations the server ran: what the attack actually cost it.</summary>
internal sealed class CountingHasher : IPasswordHasher
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
