using System.Net;
using System.Net.Sockets;

namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>
/// Name resolution for outbound calls: the system resolver, except that <c>localhost</c> and
/// <c>*.localhost</c> always mean 127.0.0.1 (RFC 6761 section 6.3), whatever the machine's DNS says.
/// </summary>
public static class HostResolver
{
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.TrimEnd('.');
        if (IPAddress.TryParse(host, out var literal))
            return [literal];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return [IPAddress.Loopback];
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new ActionException(ActionRefusal.Upstream, ActionErrorCodes.EgressDnsFailed, $"The host '{host}' could not be resolved ({e.SocketErrorCode}).");
        }
    }
}
