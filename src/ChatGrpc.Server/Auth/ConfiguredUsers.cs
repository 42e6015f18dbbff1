using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>The users of one version of <c>ChatGrpc:Auth:Users</c>, their hashes parsed once.</summary>
internal sealed class ConfiguredUsers
{
    public ConfiguredUsers(IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        Hashes = users.ToFrozenDictionary(
            user => user.Key,
            user => PasswordHash.TryParse(user.Value, out var hash)
                ? hash
                : throw new InvalidOperationException(BasicAuthOptionsValidator.DescribeInvalidHash(user.Key)),
            StringComparer.Ordinal);

        // Random salt and key: no password derives to it. As many iterations as the costliest real hash, so that an
        // unknown user costs the same check as a known one and timing does not tell which users exist.
        var iterations = Hashes.Values.Select(hash => hash.Iterations).DefaultIfEmpty(Pbkdf2PasswordHasher.DefaultIterations).Max();
        UnknownUserHash = new PasswordHash(iterations, RandomNumberGenerator.GetBytes(PasswordHash.SaltLength), RandomNumberGenerator.GetBytes(PasswordHash.KeyLength));
    }

    public FrozenDictionary<string, PasswordHash> Hashes { get; }

    /// <summary>What a name that is not a user is checked against.</summary>
    public PasswordHash UnknownUserHash { get; }

    public int Count => Hashes.Count;
}
