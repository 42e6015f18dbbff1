using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// A PBKDF2-HMAC-SHA256 password hash in its self-describing text form
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;key base64&gt;</c>.
/// </summary>
/// <remarks><see cref="object.ToString"/> is deliberately not overridden, so that logging the object never prints the hash.</remarks>
internal sealed class PasswordHash
{
    public const string Algorithm = "pbkdf2-sha256";
    public const string Format = Algorithm + "$<iterations>$<salt base64>$<key base64>";
    public const int SaltLength = 16;
    public const int KeyLength = 32;

    /// <summary>Above this a single check would take seconds; a larger count in configuration is a typo.</summary>
    public const int MaxIterations = 10_000_000;

    private const char Separator = '$';

    private readonly byte[] _salt;
    private readonly byte[] _key;

    public PasswordHash(int iterations, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(salt.Length, SaltLength, nameof(salt));
        ArgumentOutOfRangeException.ThrowIfNotEqual(key.Length, KeyLength, nameof(key));
        Iterations = iterations;
        _salt = salt.ToArray();
        _key = key.ToArray();
    }

    public int Iterations { get; }

    public ReadOnlySpan<byte> Salt => _salt;

    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The text form, for configuration.</summary>
    public string Encode() =>
        string.Create(CultureInfo.InvariantCulture, $"{Algorithm}{Separator}{Iterations}{Separator}{Convert.ToBase64String(_salt)}{Separator}{Convert.ToBase64String(_key)}");

    /// <summary>Reads the text form; false for anything else, including a wrong algorithm, a salt shorter than
    /// <see cref="SaltLength"/> bytes, a key other than <see cref="KeyLength"/> bytes, or iterations outside 1..<see cref="MaxIterations"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PasswordHash? hash)
    {
        hash = null;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length != 4
            || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations
            || !TryDecodeBase64(parts[2], out var salt)
            || salt.Length < SaltLength
            || !TryDecodeBase64(parts[3], out var key)
            || key.Length != KeyLength)
        {
            return false;
        }

        hash = new PasswordHash(iterations, salt, key);
        return true;
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        // Convert skips whitespace inside base64; a hash with whitespace in it was mangled somewhere, so refuse it.
        bytes = [];
        if (text.Length == 0 || text.AsSpan().ContainsAny(" \t\r\n"))
        {
            return false;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
