using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>One HTTP/1.1 request as it arrived on the wire, header lines exactly as sent.</summary>
public sealed record WireRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, string Body)
{
    public IEnumerable<string> All(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => All(name).FirstOrDefault();
}

/// <summary>
/// A plain TCP listener on 127.0.0.1 that parses HTTP/1.1 itself (no HTTP stack that would reject or
/// repair what it receives), so a test sees every request the platform wrote on the wire, a smuggled
/// one included. Answers <c>/status/{code}?location={url}</c> with that status and Location, and
/// everything else with 200 "ok".
/// </summary>
public sealed class WireRecordingServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private WireRecordingServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every request parsed off any connection, in arrival order.</summary>
    public ConcurrentQueue<WireRequest> Requests { get; } = new();

    public static WireRecordingServer Start() => new();

    /// <summary>The requests whose target contains <paramref name="marker"/> (tests share the server).</summary>
    public List<WireRequest> RequestsWith(string marker) => Requests.Where(r => r.Target.Contains(marker, StringComparison.Ordinal)).ToList();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var pending = new List<byte>();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                while (TryTakeRequest(pending) is { } request)
                {
                    Requests.Enqueue(request);
                    await stream.WriteAsync(Answer(request), _stop.Token);
                }
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0) return;
                pending.AddRange(chunk.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Removes one complete request (head plus Content-Length body) from the front of <paramref name="pending"/>.</summary>
    private static WireRequest? TryTakeRequest(List<byte> pending)
    {
        var text = Encoding.Latin1.GetString(pending.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return null;
        var lines = text[..headEnd].Split("\r\n");
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1].Trim() : "")).ToList();
        var length = headers.Where(h => h.Item1.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h.Item2)).FirstOrDefault();
        var bodyStart = headEnd + 4;
        if (text.Length < bodyStart + length) return null;
        var requestLine = lines[0].Split(' ');
        pending.RemoveRange(0, bodyStart + length);
        return new WireRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, text.Substring(bodyStart, length));
    }

    private static byte[] Answer(WireRequest request)
    {
        var path = request.Target.Split('?')[0];
        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            var status = int.Parse(path["/status/".Length..].Split('/')[0]);
            var location = Uri.UnescapeDataString(request.Target.Split("location=", 2).ElementAtOrDefault(1) ?? "/");
            return Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n");
        }
        return Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
