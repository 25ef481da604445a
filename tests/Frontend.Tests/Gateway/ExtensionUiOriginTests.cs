using System.Net;
using System.Net.Http.Json;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>A server with EXTENSION_UI_ORIGIN: reached as http://ext-ui.test (by its Host header) it is the UI origin.</summary>
public sealed class UiOriginServer : SqliteServer
{
    public const string UiOrigin = "http://ext-ui.test";
    public const string HostOrigin = "https://crm.example.com https://platform.example.com"; // the CRM and the platform's own /admin/

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["EXTENSION_UI_ORIGIN"] = UiOrigin,
        ["Extensions:Gateway:HostOrigin"] = HostOrigin,
    };
}

/// <summary>
/// EXTENSION_UI_ORIGIN, the production setting: UI files only on the UI origin, nothing else there,
/// and the ticket's URLs and the admin page's frame-src pointing at it.
/// </summary>
public sealed class ExtensionUiOriginTests(UiOriginServer fixture) : IClassFixture<UiOriginServer>
{
    private const string UiHost = "ext-ui.test";

    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Tickets_point_at_the_ui_origin_which_serves_the_files_sandboxed_and_the_main_host_refuses_them()
    {
        var (slug, hash, ticket) = await PublishUiAsync();
        var files = $"/ext-ui/{slug}/{hash}/";
        Assert.StartsWith($"{UiOriginServer.UiOrigin}{files}index.html?ticket=", ticket.GetProperty("url").GetString());
        var frameUrl = ticket.GetProperty("frameUrl").GetString()!;
        Assert.Equal($"{UiOriginServer.UiOrigin}{files}_t/{ticket.GetProperty("ticket").GetString()}/index.html", frameUrl);
        var path = new Uri(frameUrl).PathAndQuery;

        using (var onUiOrigin = await GetAsync(path, UiHost))
        {
            Assert.Equal(HttpStatusCode.OK, onUiOrigin.StatusCode);
            var csp = onUiOrigin.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("sandbox allow-scripts allow-forms", csp);
            Assert.Contains($"frame-ancestors {UiOriginServer.HostOrigin}", csp);
        }
        using (var onUiOriginWithPort = await GetAsync(path, UiHost + ":80"))
            Assert.Equal(HttpStatusCode.OK, onUiOriginWithPort.StatusCode);
        foreach (var mainHost in new[] { Server.BaseAddress.Authority, "ext-ui.test:8080", "crm.example.com" })
        {
            using var refused = await GetAsync(path, mainHost);
            var problem = await refused.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.Contains(UiOriginServer.UiOrigin, problem.GetProperty("detail").GetString());
            Assert.Contains("sandbox allow-scripts allow-forms", refused.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task The_ui_origin_serves_nothing_but_ui_files_and_the_probes()
    {
        foreach (var path in new[] { "/", "/admin/", "/admin/admin.js", "/api/v1/tenants", "/api/ext/x/y" })
        {
            using var response = await GetAsync(path, UiHost);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            using var response = await GetAsync(probe, UiHost);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_admin_page_may_frame_the_ui_origin_only()
    {
        using var page = await GetAsync("/admin/", Server.BaseAddress.Authority);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"frame-src {UiOriginServer.UiOrigin};", csp);
    }

    private async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string host)
    {
        using var client = Server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    /// <summary>A UI-only extension, published and installed in a fresh tenant; its slug, content hash and a ticket answer.</summary>
    private async Task<(string Slug, string Hash, System.Text.Json.JsonElement Ticket)> PublishUiAsync()
    {
        var (tenant, key) = await Server.NewTenantAsync("origin");
        var slug = $"ui-{Guid.NewGuid():N}"[..16];
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(TestBundles.ManifestJson(slug, "1.0.0"))),
            ("ui/index.html", "<!doctype html><title>ui</title>"u8.ToArray()));
        using var admin = Server.WithKey(key);
        using (var published = await admin.PublishAsync(tenant, slug, bundle))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using (var installed = await admin.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"), new { extension = slug, version = "1.0.0", grants = Array.Empty<string>() }))
            Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync());
        using var ticket = await admin.PostAsync(Api.TenantRoute(tenant, $"/extensions/{slug}/ui-ticket"), null);
        return (slug, TestBundles.Sha256(bundle), await ticket.JsonAsync());
    }
}
