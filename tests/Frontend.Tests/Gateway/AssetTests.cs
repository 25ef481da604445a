using System.Net;
using System.Net.Sockets;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>GET /ext-ui/{extension}/{contentHash}/{**path} behind asset tickets.</summary>
public sealed class AssetTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private const string Immutable = "public, max-age=31536000, immutable";

    private RunningServer Server => fixture.Server;

    private async Task<(string Url, string Ticket)> TicketAsync(InstalledHandler installed)
    {
        using var admin = Server.WithKey(installed.TenantKey);
        using var response = await admin.PostAsync(Api.TenantRoute(installed.Tenant, $"/extensions/{installed.Extension}/ui-ticket"), null);
        var json = await response.JsonAsync();
        return (json.GetProperty("url").GetString()!, json.GetProperty("ticket").GetString()!);
    }

    private static string FileUrl(InstalledHandler installed, string path, string? ticket) =>
        $"/ext-ui/{installed.Extension}/{installed.ContentHash}/{path}" + (ticket is null ? "" : "?ticket=" + Uri.EscapeDataString(ticket));

    [Fact]
    public async Task Entry_page_is_served_with_immutable_caching_etag_nosniff_and_a_strict_csp()
    {
        var installed = await Server.InstallHandlerAsync();
        var (url, _) = await TicketAsync(installed);
        Assert.StartsWith($"/ext-ui/{installed.Extension}/{installed.ContentHash}/index.html?ticket=", url);

        using var anonymous = Server.Anonymous();
        using var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>" + installed.Extension, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Immutable, response.Headers.CacheControl?.ToString());
        Assert.Equal($"\"{installed.ContentHash.Replace(':', '-')}\"", response.Headers.ETag?.Tag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors https://crm.example.com", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        AssertSandboxed(response);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains($"path=/ext-ui/{installed.Extension}/{installed.ContentHash}/", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=none", cookie);
    }

    [Fact]
    public async Task Files_load_with_the_cookie_alone_and_revalidate_with_304()
    {
        var installed = await Server.InstallHandlerAsync();
        var (_, ticket) = await TicketAsync(installed);
        using var anonymous = Server.Anonymous();

        using var request = new HttpRequestMessage(HttpMethod.Get, FileUrl(installed, "app.js", null));
        request.Headers.Add("Cookie", "scrm_ui_ticket=" + ticket);
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        AssertSandboxed(response);
        var etag = response.Headers.ETag!;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, FileUrl(installed, "app.js", ticket));
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await anonymous.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal(Immutable, notModified.Headers.CacheControl?.ToString());
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("index.html", false)]                 // no ticket
    [InlineData("missing.html", true)]
    [InlineData("../manifest.json", true)]
    [InlineData("..%2Fmanifest.json", true)]
    [InlineData("..%2Fhandler.wasm", true)]
    [InlineData("ui/index.html", true)]
    [InlineData("%2E%2E/manifest.json", true)]
    [InlineData("sub//index.html", true)]
    [InlineData("..\\manifest.json", true)]
    public async Task Nothing_outside_the_ui_directory_or_without_a_ticket_is_served(string path, bool withTicket)
    {
        var installed = await Server.InstallHandlerAsync();
        var (_, ticket) = await TicketAsync(installed);
        var status = await RawGetStatusAsync(FileUrl(installed, path, withTicket ? ticket : null));
        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("/ext-ui/no-such-extension/sha256:0/index.html")]
    [InlineData("/ext-ui/no-such-extension")]
    [InlineData("/ext-ui/")]
    public async Task Refusals_under_ext_ui_are_sandboxed_too(string url)
    {
        using var anonymous = Server.Anonymous();
        using var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSandboxed(response);
    }

    /// <summary>
    /// The CSP sandbox without allow-same-origin gives the page an opaque origin however it is opened
    /// (iframe, link, window.open): it can never act as this server's origin.
    /// </summary>
    private static void AssertSandboxed(HttpResponseMessage response)
    {
        var directives = response.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.TrimEntries);
        Assert.Equal("sandbox allow-scripts allow-forms", Assert.Single(directives, d => d.StartsWith("sandbox", StringComparison.Ordinal)));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Tickets_do_not_cross_tenants_versions_or_tampering()
    {
        var installed = await Server.InstallHandlerAsync();
        var other = await Server.InstallHandlerAsync();
        var (_, ticket) = await TicketAsync(installed);
        var (_, otherTicket) = await TicketAsync(other);
        using var anonymous = Server.Anonymous();

        // another tenant's ticket for this bundle's URL
        using (var response = await anonymous.GetAsync(FileUrl(installed, "index.html", otherTicket)))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // a content hash the installation is not on
        using (var response = await anonymous.GetAsync($"/ext-ui/{installed.Extension}/sha256:{new string('0', 64)}/index.html?ticket={Uri.EscapeDataString(ticket)}"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // a tampered signature
        var tampered = ticket[..^2] + (ticket[^2] == 'A' ? "B" : "A") + ticket[^1];
        using (var response = await anonymous.GetAsync(FileUrl(installed, "index.html", tampered)))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // the genuine ticket still works
        using (var response = await anonymous.GetAsync(FileUrl(installed, "index.html", ticket)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Disabled_installation_serves_nothing_and_gets_no_ticket()
    {
        var installed = await Server.InstallHandlerAsync();
        var (url, _) = await TicketAsync(installed);
        await Server.SetEnabledAsync(installed, enabled: false);
        using var anonymous = Server.Anonymous();
        using (var response = await anonymous.GetAsync(url))
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var admin = Server.WithKey(installed.TenantKey);
        using (var response = await admin.PostAsync(Api.TenantRoute(installed.Tenant, $"/extensions/{installed.Extension}/ui-ticket"), null))
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "installation_disabled");
    }

    /// <summary>Sends the path byte for byte (HttpClient would normalise dot segments away).</summary>
    private async Task<int> RawGetStatusAsync(string pathAndQuery)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Server.BaseAddress.Host, Server.BaseAddress.Port);
        await using var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: {Server.BaseAddress.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1]);
    }
}
