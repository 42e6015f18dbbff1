using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// An API key's hash in its self-describing text form <c>sha256$&lt;64 hex digits&gt;</c>: SHA-256 of the key's UTF-8
/// text, prefix included. A key is 32 random bytes, so a fast unsalted hash is as hard to reverse as the key is to
/// guess, and a check costs a microsecond instead of PBKDF2's hundreds of milliseconds. The algorithm name leaves room
/// for another format later.
/// </summary>
/// <remarks><see cref="object.ToString"/> is deliberately not overridden, so that logging the object never prints the hash.</remarks>
internal sealed class ApiKeyHash
{
    public const string Algorithm = "sha256";
    public const string Format = Algorithm + "$<64 hex digits>";
    public const int Length = SHA256.HashSizeInBytes;

    private const char Separator = '$';

    // Longer keys (never made by create-api-key) are encoded into a pooled array instead of the stack.
    private const int StackBufferLength = 256;

    private readonly byte[] _digest;

    public ApiKeyHash(ReadOnlySpan<byte> digest)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(digest.Length, Length, nameof(digest));
        _digest = digest.ToArray();
    }

    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The hash of <paramref name="key"/>, as configuration holds it.</summary>
    public static ApiKeyHash Of(ReadOnlySpan<char> key)
    {
        Span<byte> digest = stackalloc byte[Length];
        Compute(key, digest);
        return new ApiKeyHash(digest);
    }

    /// <summary>Writes SHA-256 of <paramref name="key"/>'s UTF-8 bytes into <paramref name="digest"/> (<see cref="Length"/> bytes), without allocating.</summary>
    public static void Compute(ReadOnlySpan<char> key, Span<byte> digest)
    {
        var maxLength = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = maxLength <= StackBufferLength ? stackalloc byte[StackBufferLength] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        var written = 0;
        try
        {
            written = Encoding.UTF8.GetBytes(key, buffer);
            SHA256.HashData(buffer[..written], digest);
        }
        finally
        {
            // The key is a secret: no copy of it stays behind in a reused buffer.
            CryptographicOperations.ZeroMemory(buffer[..written]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The text form, for configuration.</summary>
    public string Encode() => Algorithm + Separator + Convert.ToHexStringLower(_digest);

    /// <summary>Reads the text form (hex digits in either case); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ApiKeyHash? hash)
    {
        hash = null;
        if (text is null
            || text.Length != Algorithm.Length + 1 + (2 * Length)
            || !text.StartsWith(Algorithm + Separator, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[Length];
        if (Convert.FromHexString(text.AsSpan(Algorithm.Length + 1), digest, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return false;
        }

        hash = new ApiKeyHash(digest);
        return true;
    }
}
