using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// The API keys of one version of <c>ChatGrpc:Auth:ApiKeys</c>, found by their hash: a key check is one SHA-256 of the
/// presented key, one dictionary probe on the digest's first 8 bytes, and a constant-time comparison of all 32 bytes
/// (against a decoy when the probe finds nothing), so it costs about a microsecond and its timing says nothing about
/// which keys exist: the attacker chooses the key, never its digest.
/// </summary>
internal sealed class ConfiguredApiKeys
{
    private readonly FrozenDictionary<ulong, ConfiguredApiKey> _byDigestPrefix;
    private readonly byte[] _decoy = RandomNumberGenerator.GetBytes(ApiKeyHash.Length);

    /// <exception cref="InvalidOperationException">A key is not valid (<see cref="BasicAuthOptionsValidator"/> refuses it first).</exception>
    public ConfiguredApiKeys(IReadOnlyDictionary<string, ApiKeyOptions> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byDigestPrefix = new Dictionary<ulong, ConfiguredApiKey>();
        foreach (var (name, options) in keys)
        {
            if (!ApiKeyHash.TryParse(options.Hash, out var hash) || options.User is null || !ApiKey.TryParseExpiry(options.ExpiresAt, out var expiresAt))
            {
                throw new InvalidOperationException(BasicAuthOptionsValidator.DescribeInvalidApiKey(name));
            }

            if (!byDigestPrefix.TryAdd(DigestPrefix(hash.Digest), new ConfiguredApiKey(name, options.User, hash, expiresAt)))
            {
                throw new InvalidOperationException(BasicAuthOptionsValidator.DescribeDuplicateApiKey(name));
            }
        }

        _byDigestPrefix = byDigestPrefix.ToFrozenDictionary();
    }

    public int Count => _byDigestPrefix.Count;

    /// <summary>The configured key <paramref name="key"/> is, expired or not; null when it is none of them.</summary>
    public ConfiguredApiKey? Find(ReadOnlySpan<char> key)
    {
        Span<byte> digest = stackalloc byte[ApiKeyHash.Length];
        ApiKeyHash.Compute(key, digest);
        var found = _byDigestPrefix.TryGetValue(DigestPrefix(digest), out var candidate);
        var matches = CryptographicOperations.FixedTimeEquals(found ? candidate!.Hash.Digest : _decoy, digest);
        return found && matches ? candidate : null;
    }

    /// <summary>The first 8 bytes of a digest, which <see cref="BasicAuthOptionsValidator"/> also holds unique among the keys.</summary>
    internal static ulong DigestPrefix(ReadOnlySpan<byte> digest) => BinaryPrimitives.ReadUInt64LittleEndian(digest);
}
