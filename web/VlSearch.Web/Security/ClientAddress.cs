using System.Net;
using System.Net.Sockets;

namespace VlSearch.Web.Security;

/// <summary>
/// The caller's address as the limits see it: the connection's remote address, or the forwarded one when a known
/// proxy sent the request (the forwarded-headers middleware has then rewritten it).
/// </summary>
public static class ClientAddress
{
    /// <summary>Partition key of the caller: IPv4 addresses as they are, IPv6 by their /64 (one host usually holds a whole /64).</summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address))
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    /// <summary>True when the request comes from this machine. An unknown address (in-process test hosts) is not loopback.</summary>
    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
