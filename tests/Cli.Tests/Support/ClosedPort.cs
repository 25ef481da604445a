using System.Net;
using System.Net.Sockets;

namespace Selegic.Extensions.Cli.Tests.Support;

public static class ClosedPort
{
    /// <summary>A loopback URL nothing listens on: a port bound once, then released.</summary>
    public static string Url()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
