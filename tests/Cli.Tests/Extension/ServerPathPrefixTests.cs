using System.Net;
using System.Net.Sockets;
using System.Text;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;

namespace Selegic.Extensions.Cli.Tests.Extension;

/// <summary>
/// The platform server cannot be hosted under a path prefix here, so a test double stands in:
/// a raw TCP listener that records the one HTTP request `scrm` sends and answers with a fixed list.
/// </summary>
public sealed class ServerPathPrefixTests
{
    [Fact]
    public async Task Requests_keep_the_server_urls_path_prefix_and_send_the_api_key_as_a_bearer_token_to_a_recording_test_double()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var request = RecordOneRequestAsync(listener, """{"items":[]}""");
            using var directory = new TempDirectory();

            var run = await Scrm.RunAsync(directory.Path, "extension", "versions", "--slug", "vacation-trip", "--tenant", "acme-corp",
                "--server", $"http://127.0.0.1:{port}/crm", "--api-key", "tenant-key-1", "--json");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var head = await request;
            Assert.StartsWith("GET /crm/api/v1/tenants/acme-corp/extensions/vacation-trip/versions HTTP/1.1\r\n", head);
            Assert.Contains("\r\nAuthorization: Bearer tenant-key-1\r\n", head);
            Assert.Equal(0, run.Json().GetProperty("versions").GetArrayLength());
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<string> RecordOneRequestAsync(TcpListener listener, string json)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) break;
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var body = Encoding.UTF8.GetBytes(json);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(body);
        return head.ToString();
    }
}
