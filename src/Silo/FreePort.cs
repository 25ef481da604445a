using System.Net;
using System.Net.Sockets;

namespace Selegic.Extensions.Silo;

/// <summary>A TCP port nothing listens on right now (Orleans advertises the port it is given, so 0 cannot be passed through).</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Unset: the topology's default; 0: a free port; else the port as configured.</summary>
    public static int Resolve(int? configured, int clusterDefault, bool isCluster) => configured switch
    {
        null => isCluster ? clusterDefault : Pick(),
        0 => Pick(),
        var port => port.Value,
    };
}
