using System.Net;
using System.Text.Json;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Admin;

/// <summary>The admin page's static files and the version manifest endpoint it uses to offer grants.</summary>
public sealed class AdminPageTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task The_page_and_the_bridge_are_served_with_a_strict_csp_and_admin_redirects_to_the_folder()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };

        using (var redirect = await anonymous.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/admin/", redirect.Headers.Location?.ToString());
        }
        using (var page = await anonymous.GetAsync("/admin/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("sandbox=\"allow-scripts allow-forms\"", await page.Content.ReadAsStringAsync());
            var csp = page.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
        }
        using (var bridge = await anonymous.GetAsync("/admin/scrm-iframe.js"))
        {
            Assert.Equal(HttpStatusCode.OK, bridge.StatusCode);
            Assert.Contains("export function createHost", await bridge.Content.ReadAsStringAsync());
        }
        foreach (var missing in new[] { "/admin/nothing.js", "/admin/../appsettings.json", "/admin/%2e%2e/appsettings.json" })
        {
            using var response = await anonymous.GetAsync(missing);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{missing}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_version_manifest_is_readable_by_its_tenant_only()
    {
        var installed = await Server.InstallHandlerAsync();
        var other = await Server.InstallHandlerAsync();
        var route = Api.TenantRoute(installed.Tenant, $"/extensions/{installed.Extension}/versions/1.0.0/manifest");

        using (var admin = Server.WithKey(installed.TenantKey))
        {
            var manifest = await (await admin.GetAsync(route)).JsonAsync();
            Assert.Equal(installed.Extension, manifest.GetProperty("slug").GetString());
            Assert.Equal(["cap:storage.kv", "cap:http.fetch"], manifest.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
            using var missing = await admin.GetAsync(Api.TenantRoute(installed.Tenant, $"/extensions/{installed.Extension}/versions/9.9.9/manifest"));
            await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        using (var stranger = Server.WithKey(other.TenantKey))
        using (var response = await stranger.GetAsync(route))
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{(int)response.StatusCode}");
        using (var anonymous = Server.Anonymous())
        using (var response = await anonymous.GetAsync(route))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
