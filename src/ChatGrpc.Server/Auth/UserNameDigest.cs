using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// A keyed hash of a user name as a client sent it, for remembering failed sign-ins without keeping the name (which may
/// be a password typed into the wrong field, or an attacker's string of any length).
/// </summary>
internal static class UserNameDigest
{
    private const int StackBufferLength = 256;

    public static void Compute(ReadOnlySpan<byte> key, string userName, Span<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var length = Encoding.UTF8.GetMaxByteCount(userName.Length);
        byte[]? rented = null;
        var buffer = length <= StackBufferLength ? stackalloc byte[StackBufferLength] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(userName, buffer);
            HMACSHA256.HashData(key, buffer[..written], digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }
}
