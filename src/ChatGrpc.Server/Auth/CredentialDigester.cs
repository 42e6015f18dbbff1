using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Computes <see cref="CredentialDigest"/>s under one key, on every call that signs in with a password. Each thread keeps
/// its own keyed HMAC and resets it after each use: OpenSSL's one-shot HMAC looks the algorithm up, allocates a context
/// and hashes the key again on every call, which cost a relayed call about as much as its whole credential check.
/// </summary>
internal sealed class CredentialDigester : IDisposable
{
    private readonly byte[] _key;
    private readonly ThreadLocal<IncrementalHash> _hmacs;

    /// <param name="key"><see cref="CredentialDigest.KeyLength"/> bytes; a new random key when null.</param>
    public CredentialDigester(byte[]? key = null)
    {
        _key = key ?? RandomNumberGenerator.GetBytes(CredentialDigest.KeyLength);
        _hmacs = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    /// <param name="credentials">The decoded <c>user:password</c> bytes; unambiguous, as a user name has no colon.</param>
    public CredentialDigest Compute(ReadOnlySpan<byte> credentials)
    {
        var hmac = _hmacs.Value!;
        hmac.AppendData(credentials);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(hash);
        return CredentialDigest.FromHash(hash);
    }

    public void Dispose()
    {
        foreach (var hmac in _hmacs.Values)
        {
            hmac.Dispose();
        }

        _hmacs.Dispose();
    }
}
