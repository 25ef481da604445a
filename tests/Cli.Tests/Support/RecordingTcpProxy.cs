using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Selegic.Extensions.Cli.Tests.Support;

/// <summary>
/// A loopback TCP forwarder in front of a real server that keeps every byte the client sent, so a
/// test can see what went over the wire (request lines, how much of a body) without touching the server.
/// </summary>
public sealed class RecordingTcpProxy : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Uri target;
    private readonly MemoryStream sent = new();
    private readonly CancellationTokenSource stop = new();

    public RecordingTcpProxy(Uri target)
    {
        this.target = target;
        listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Everything clients sent so far, on every connection, in arrival order.</summary>
    public byte[] SentBytes()
    {
        lock (sent) return sent.ToArray();
    }

    /// <summary>The HTTP request lines ("POST /path HTTP/1.1") clients sent so far.</summary>
    public IReadOnlyList<string> RequestLines() =>
        Encoding.Latin1.GetString(SentBytes()).Split("\r\n")
            .Where(line => line.EndsWith(" HTTP/1.1", StringComparison.Ordinal) && line.Contains(" /", StringComparison.Ordinal))
            .ToList();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ForwardAsync(client);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(target.Host, target.Port, stop.Token);
                var upstream = Pump(client.GetStream(), server.GetStream(), record: true);
                var downstream = Pump(server.GetStream(), client.GetStream(), record: false);
                await Task.WhenAny(upstream, downstream);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool record)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            if (record)
                lock (sent) sent.Write(buffer, 0, read);
            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}
