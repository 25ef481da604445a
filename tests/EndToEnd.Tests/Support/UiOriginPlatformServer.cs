using System.Net;
using System.Net.Sockets;
using Selegic.Extensions.Cli.Tests.EndToEnd;

namespace Selegic.Extensions.EndToEnd.Tests.Support;

/// <summary>
/// The platform with the production setting EXTENSION_UI_ORIGIN: the admin page and API on
/// http://127.0.0.1:PORT, extension UIs on http://ui.localhost:PORT (Chromium resolves every
/// *.localhost name to the loopback address), a separate origin served by the same process.
/// </summary>
public sealed class UiOriginPlatformServer : PlatformServer
{
    private readonly int port = FreePort();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["urls"] = $"http://127.0.0.1:{port}",
        ["EXTENSION_UI_ORIGIN"] = $"http://ui.localhost:{port}",
        ["Extensions:Gateway:HostOrigin"] = $"http://127.0.0.1:{port}",
    };

    /// <summary>A port free right now: the UI origin must name the port before the server binds it.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
