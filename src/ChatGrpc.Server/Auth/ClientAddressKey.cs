using System.Net;
using System.Net.Sockets;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// The key under which a client address's failed sign-ins are counted: an IPv4 address as it is (IPv4-mapped IPv6
/// included), an IPv6 address by its /64 prefix, since one host usually holds a whole /64 and could otherwise
/// change address for every attempt.
/// </summary>
internal static class ClientAddressKey
{
    public static IPAddress For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
