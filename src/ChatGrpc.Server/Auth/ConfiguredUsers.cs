using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>The users of one version of <c>ChatGrpc:Auth</c>, their hashes parsed once, with their administrators and API keys.</summary>
internal sealed class ConfiguredUsers
{
    public ConfiguredUsers(IReadOnlyDictionary<string, string> users)
        : this(users, [], new Dictionary<string, ApiKeyOptions>())
    {
    }

    public ConfiguredUsers(BasicAuthOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Users, options.Admins, options.ApiKeys)
    {
    }

    private ConfiguredUsers(IReadOnlyDictionary<string, string> users, IEnumerable<string> admins, IReadOnlyDictionary<string, ApiKeyOptions> apiKeys)
    {
        ArgumentNullException.ThrowIfNull(users);
        Hashes = users.ToFrozenDictionary(
            user => user.Key,
            user => PasswordHash.TryParse(user.Value, out var hash)
                ? hash
                : throw new InvalidOperationException(BasicAuthOptionsValidator.DescribeInvalidHash(user.Key)),
            StringComparer.Ordinal);
        Admins = admins.ToFrozenSet(StringComparer.Ordinal);
        ApiKeys = new ConfiguredApiKeys(apiKeys);

        // Random salt and key: no password derives to it. As many iterations as the costliest real hash, so that an
        // unknown user costs the same check as a known one and timing does not tell which users exist.
        var iterations = Hashes.Values.Select(hash => hash.Iterations).DefaultIfEmpty(Pbkdf2PasswordHasher.DefaultIterations).Max();
        UnknownUserHash = new PasswordHash(iterations, RandomNumberGenerator.GetBytes(PasswordHash.SaltLength), RandomNumberGenerator.GetBytes(PasswordHash.KeyLength));
    }

    public FrozenDictionary<string, PasswordHash> Hashes { get; }

    /// <summary>The users named in <c>ChatGrpc:Auth:Admins</c>.</summary>
    public FrozenSet<string> Admins { get; }

    public ConfiguredApiKeys ApiKeys { get; }

    /// <summary>What a name that is not a user is checked against.</summary>
    public PasswordHash UnknownUserHash { get; }

    public int Count => Hashes.Count;
}
