using System.Buffers.Binary;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// A keyed hash (HMAC-SHA256 under a per-process random key) of a user name and password, so that verified
/// credentials can be remembered without keeping the password, nor anything a memory dump could be tested against offline.
/// </summary>
internal readonly struct CredentialDigest : IEquatable<CredentialDigest>
{
    public const int KeyLength = 32;

    private readonly ulong _first;
    private readonly ulong _second;
    private readonly ulong _third;
    private readonly ulong _fourth;

    private CredentialDigest(ReadOnlySpan<byte> hash)
    {
        _first = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        _second = BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]);
        _third = BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]);
        _fourth = BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]);
    }

    /// <param name="hash">An HMAC-SHA256 of the credentials, as <see cref="CredentialDigester"/> computes it.</param>
    public static CredentialDigest FromHash(ReadOnlySpan<byte> hash) => new(hash);

    public bool Equals(CredentialDigest other) =>
        _first == other._first && _second == other._second && _third == other._third && _fourth == other._fourth;

    public override bool Equals(object? obj) => obj is CredentialDigest other && Equals(other);

    // The bits are already uniformly distributed and unpredictable without the key.
    public override int GetHashCode() => (int)_first;

    public static bool operator ==(CredentialDigest left, CredentialDigest right) => left.Equals(right);

    public static bool operator !=(CredentialDigest left, CredentialDigest right) => !left.Equals(right);
}
