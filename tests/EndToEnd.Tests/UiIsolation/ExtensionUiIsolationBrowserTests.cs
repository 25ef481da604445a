using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selegic.Extensions.Cli.Tests.EndToEnd;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.EndToEnd.Tests.Support;
using Selegic.Extensions.TestSupport;
using Xunit.Abstractions;

namespace Selegic.Extensions.EndToEnd.Tests.UiIsolation;

/// <summary>
/// A hostile extension UI (UiIsolation/ProbeExtension: probe.js tries storage, cookies, the opener,
/// the parent and popups) opened every way a page can be opened while a tenant admin is signed in
/// on /admin/: in the admin page's iframe, in a window the admin page opens, and top-level as a
/// link would open it. It must never read the admin session, whatever origin it is served from.
/// </summary>
public abstract class ExtensionUiIsolationBrowserTests(PlatformServer server, Browser browser, ITestOutputHelper output)
{
    private const string Probe = "ui-probe";
    private const string HostMarker = "host-secret-3f9c";
    private const float Timeout = 30_000;

    [Fact]
    public async Task Extension_pages_cannot_read_the_admin_session_in_the_iframe_in_a_window_or_top_level()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var tenantKey = await server.CreateTenantAsync(tenant);
        await PublishAndInstallProbeAsync(tenant, tenantKey);

        var admin = await browser.Context.NewPageAsync();
        try
        {
            await admin.GotoAsync(new Uri(server.Url, "/admin/").ToString());
            await admin.FillAsync("#tenant", tenant);
            await admin.FillAsync("#api-key", tenantKey);
            await admin.ClickAsync("#sign-in");
            var row = admin.Locator($"#installations tr[data-extension='{Probe}']");
            await Assertions.Expect(row).ToContainTextAsync("enabled", new() { Timeout = Timeout });
            // the session the probe is after, and host-origin storage and cookies besides it
            Assert.Contains(tenantKey, await admin.EvaluateAsync<string>("() => sessionStorage.getItem('scrm-admin-session')"));
            await admin.EvaluateAsync($"() => {{ localStorage.setItem('scrm-probe-marker', '{HostMarker}'); document.cookie = 'scrm_probe_marker={HostMarker}; path=/'; }}");

            // 1. in the admin page's iframe
            await row.Locator("button.open").ClickAsync();
            var inFrame = await ReportAsync(admin.FrameLocator("#extension-frame").Locator("#report"));

            // 2. in a window the admin page opens (window.opener is the admin page)
            var entryUrl = new Uri(server.Url, await FrameUrlAsync(tenant, tenantKey)).ToString();
            var popup = await admin.RunAndWaitForPopupAsync(() => admin.EvaluateAsync("url => { window.open(url); }", entryUrl));
            var inWindow = await ReportAsync(popup.Locator("#report"));

            // 3. top-level, as a link pasted into the address bar opens it
            var topLevel = await browser.Context.NewPageAsync();
            await topLevel.GotoAsync(entryUrl);
            var asLink = await ReportAsync(topLevel.Locator("#report"));

            foreach (var (how, report) in new[] { ("in the iframe", inFrame), ("in a window opened by /admin/", inWindow), ("top-level", asLink) })
            {
                output.WriteLine($"{how}: {report}");
                var read = JsonDocument.Parse(report).RootElement.EnumerateArray()
                    .Where(result => result.GetProperty("outcome").GetString() == "read")
                    .Select(result => $"{result.GetProperty("what").GetString()} = {result.GetProperty("detail").GetString()}")
                    .ToList();
                Assert.True(read.Count == 0, $"{how} the extension page read: {string.Join("; ", read)}");
                Assert.DoesNotContain(tenantKey, report);
                Assert.DoesNotContain(HostMarker, report);
            }
        }
        finally
        {
            foreach (var page in browser.Context.Pages.ToList())
                await page.CloseAsync();
        }
    }

    /// <summary>The probe's JSON report, once it has tried everything (popups included).</summary>
    private static async Task<string> ReportAsync(ILocator report)
    {
        await Assertions.Expect(report).ToHaveAttributeAsync("data-done", "true", new() { Timeout = Timeout });
        return await report.TextContentAsync() ?? "";
    }

    private async Task PublishAndInstallProbeAsync(string tenant, string tenantKey)
    {
        var packed = BundlePacker.Pack(Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "UiIsolation", "ProbeExtension"));
        using var client = Client(tenantKey);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(packed.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        form.Add(file, PublishForm.Bundle, "bundle.tar.gz");
        form.Add(new StringContent(packed.ContentHash), PublishForm.Sha256);
        using (var published = await client.PostAsync($"/api/v1/tenants/{tenant}/extensions/{Probe}/versions", form))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using (var installed = await client.PostAsJsonAsync($"/api/v1/tenants/{tenant}/installations", new { extension = Probe, version = "1.0.0", grants = Array.Empty<string>() }))
            Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync());
    }

    /// <summary>The entry page with a fresh ticket in its path, as the admin page frames it (on the UI origin when there is one).</summary>
    private async Task<string> FrameUrlAsync(string tenant, string tenantKey)
    {
        using var client = Client(tenantKey);
        using var response = await client.PostAsync($"/api/v1/tenants/{tenant}/extensions/{Probe}/ui-ticket", null);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("frameUrl").GetString()!;
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

public sealed class ExtensionUiIsolationOnThePlatformOrigin(PlatformServer server, Browser browser, ITestOutputHelper output)
    : ExtensionUiIsolationBrowserTests(server, browser, output), IClassFixture<PlatformServer>, IClassFixture<Browser>;

public sealed class ExtensionUiIsolationOnAUiOrigin(UiOriginPlatformServer server, Browser browser, ITestOutputHelper output)
    : ExtensionUiIsolationBrowserTests(server, browser, output), IClassFixture<UiOriginPlatformServer>, IClassFixture<Browser>;
