using System.Security.Cryptography;

namespace ChatGrpc.Server.Auth;

/// <summary>PBKDF2 with HMAC-SHA256, a random 16-byte salt and a 32-byte key.</summary>
/// <param name="iterations">For new hashes; a check uses the count stored in the hash it checks against.</param>
internal sealed class Pbkdf2PasswordHasher(int iterations = Pbkdf2PasswordHasher.DefaultIterations) : IPasswordHasher
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 110 ms per check on the development machine.</summary>
    public const int DefaultIterations = 600_000;

    private readonly int _iterations = iterations is >= 1 and <= PasswordHash.MaxIterations
        ? iterations
        : throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"Must be between 1 and {PasswordHash.MaxIterations}.");

    public PasswordHash Hash(ReadOnlySpan<byte> password)
    {
        Span<byte> salt = stackalloc byte[PasswordHash.SaltLength];
        RandomNumberGenerator.Fill(salt);
        Span<byte> key = stackalloc byte[PasswordHash.KeyLength];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, key, _iterations, HashAlgorithmName.SHA256);
        return new PasswordHash(_iterations, salt, key);
    }

    public bool Verify(ReadOnlySpan<byte> password, PasswordHash expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Span<byte> actual = stackalloc byte[PasswordHash.KeyLength];
        Rfc2898DeriveBytes.Pbkdf2(password, expected.Salt, actual, expected.Iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected.Key);
    }
}
