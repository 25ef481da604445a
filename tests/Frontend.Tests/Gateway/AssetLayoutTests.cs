using System.Net;
using System.Net.Http.Json;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// Which bundle files /ext-ui serves: files under the UI entry's folder, never the manifest, a
/// WebAssembly module (the handler or a copy), a compiled module or a signature, whatever the layout.
/// </summary>
public sealed class AssetLayoutTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private static readonly byte[] WasmPreamble = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Entry_at_the_bundle_root_serves_the_ui_files_but_not_the_manifest_signatures_or_modules()
    {
        var files = await PublishUiAsync("index.html",
            ("index.html", "<!doctype html><title>root ui</title>"u8.ToArray()),
            ("app.js", "console.log('root');"u8.ToArray()),
            ("css/site.css", "body{}"u8.ToArray()),
            ("ext-1.0.0.tar.gz.sig", "0123456789abcdef:c2lnbmF0dXJl"u8.ToArray()),
            ("signatures/bundle.sig", "0123456789abcdef:c2lnbmF0dXJl"u8.ToArray()),
            ("lib/module.wasm", WasmPreamble),
            ("lib/module.cwasm", "precompiled"u8.ToArray()),
            ("Handler.WASM", WasmPreamble));

        foreach (var servable in new[] { "index.html", "app.js", "css/site.css" })
            Assert.Equal(HttpStatusCode.OK, await files.StatusAsync(servable));
        foreach (var hidden in new[] { "manifest.json", "ext-1.0.0.tar.gz.sig", "signatures/bundle.sig", "lib/module.wasm", "lib/module.cwasm", "Handler.WASM" })
            Assert.True(await files.StatusAsync(hidden) == HttpStatusCode.NotFound, $"{hidden} was served");
    }

    [Fact]
    public async Task Entry_in_a_folder_serves_nothing_beside_it_and_no_modules_or_signatures_inside_it()
    {
        var files = await PublishUiAsync("ui/index.html",
            ("ui/index.html", "<!doctype html><title>ui</title>"u8.ToArray()),
            ("ui/manifest.json", "{\"name\": \"a web app manifest, a UI file like any other\"}"u8.ToArray()),
            ("ui/wasm/module.wasm", WasmPreamble),
            ("ui/bundle.sig", "0123456789abcdef:c2lnbmF0dXJl"u8.ToArray()),
            ("notes.txt", "outside the UI folder"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, await files.StatusAsync("index.html"));
        Assert.Equal(HttpStatusCode.OK, await files.StatusAsync("manifest.json")); // ui/manifest.json, not the bundle's
        foreach (var hidden in new[] { "wasm/module.wasm", "bundle.sig", "../notes.txt", "../manifest.json" })
            Assert.True(await files.StatusAsync(hidden) == HttpStatusCode.NotFound, $"{hidden} was served");
    }

    private sealed record UiFiles(HttpClient Client, string BasePath)
    {
        public async Task<HttpStatusCode> StatusAsync(string path)
        {
            using var response = await Client.GetAsync(BasePath + path);
            return response.StatusCode;
        }
    }

    /// <summary>Publishes and installs a UI-only extension with <paramref name="files"/>; the files' URL base carries a fresh ticket.</summary>
    private async Task<UiFiles> PublishUiAsync(string entry, params (string Path, byte[] Content)[] files)
    {
        var (tenant, key) = await Server.NewTenantAsync("layout");
        var slug = $"ui-{Guid.NewGuid():N}"[..16];
        var manifest = TestBundles.ManifestJson(slug, "1.0.0", m => m["ui"] = new Dictionary<string, string> { ["type"] = "iframe", ["entry"] = entry });
        var bundle = TestBundles.Files([("manifest.json", Encoding.UTF8.GetBytes(manifest)), .. files]);
        using var admin = Server.WithKey(key);
        using (var published = await admin.PublishAsync(tenant, slug, bundle))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using (var installed = await admin.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"), new { extension = slug, version = "1.0.0", grants = Array.Empty<string>() }))
            Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync());
        using var ticketResponse = await admin.PostAsync(Api.TenantRoute(tenant, $"/extensions/{slug}/ui-ticket"), null);
        var ticket = (await ticketResponse.JsonAsync()).GetProperty("ticket").GetString()!;
        return new UiFiles(Server.Anonymous(), $"/ext-ui/{slug}/{TestBundles.Sha256(bundle)}/_t/{ticket}/");
    }
}
