using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// wasm-js@1 through the whole gateway: tests/Shared/Programs/JavaScript/handler.ts, built into a
/// component by the real toolchain, published with <c>runtime: wasm-js@1</c> and installed in fresh
/// tenants. Every tenant publishes the same bytes under the same slug, so the server compiles the
/// component once (ahead of the first call, on publish) for all of them.
/// </summary>
public sealed class JavaScriptGatewayTests(JavaScriptGatewayServer fixture) : IClassFixture<JavaScriptGatewayServer>
{
    private const string Extension = "js-gateway";

    private static readonly string[] Routes =
        ["GET /hello/:name", "GET /kv/:key", "POST /kv/:key", "GET /log", "GET /loop", "GET /bomb", "GET /throw", "GET /counter"];

    private static readonly Lazy<byte[]> Bundle = new(() => BundleOf(Extension));

    private static byte[] BundleOf(string extension) => TestBundles.Files(
        ("manifest.json", Encoding.UTF8.GetBytes(TestBundles.ManifestJson(extension, "1.0.0", m =>
        {
            m["runtime"] = "wasm-js@1";
            m["handler"] = "handler.wasm";
            m["capabilities"] = new[] { "cap:storage.kv" };
            m["api"] = new { endpoints = Routes.Select(r => r.Split(' ')).Select(r => new { method = r[0], path = r[1] }).ToArray() };
        }))),
        ("handler.wasm", JavaScriptHandlers.TestHandler),
        ("ui/index.html", "<!doctype html><title>js</title>"u8.ToArray()));

    private RunningServer Server => fixture.Server;

    private async Task<(InstalledHandler Installed, HttpClient Client)> InstallAsync(string[]? grants = null, object? config = null)
    {
        var (slug, key) = await Server.NewTenantAsync("js");
        using var admin = Server.WithKey(key);
        using (var published = await admin.PublishAsync(slug, Extension, Bundle.Value))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using var installed = await admin.PostAsJsonAsync(Api.TenantRoute(slug, "/installations"),
            new { extension = Extension, version = "1.0.0", grants = grants ?? ["cap:storage.kv"], config = config ?? new { greeting = "hi" } });
        var installation = await installed.ReadAsync<InstallationDto>(HttpStatusCode.Created);
        var handler = new InstalledHandler(slug, key, Extension, installation.Id, TestBundles.Sha256(Bundle.Value));
        return (handler, Server.WithKey(key));
    }

    [Theory]
    [InlineData("/loop", HttpStatusCode.GatewayTimeout, "handler_timeout")]
    [InlineData("/bomb", HttpStatusCode.InsufficientStorage, "handler_memory_limit")]
    [InlineData("/throw", HttpStatusCode.BadGateway, "handler_trap")]
    public async Task Hostile_route_gets_its_status_and_code_and_the_installation_keeps_working(string path, HttpStatusCode status, string code)
    {
        var (hostile, client) = await InstallAsync();
        using (client)
        {
            using (var response = await client.GetAsync(hostile.Route(path)))
                await response.AssertProblemAsync(status, code);
            using var again = await client.GetAsync(hostile.Route("/hello/again"));
            Assert.Equal("hi again", await again.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Publishing_compiles_the_component_before_any_call_and_stores_its_artifact()
    {
        // its own slug, so its own content hash: no other test's call can have loaded it
        var bundle = BundleOf("js-precompiled");
        var cache = Server.Services.GetRequiredService<CompiledModuleCache>();
        var hash = TestBundles.Sha256(bundle);
        var (slug, key) = await Server.NewTenantAsync("js");
        using var admin = Server.WithKey(key);
        using (var published = await admin.PublishAsync(slug, "js-precompiled", bundle))
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var blobs = Server.Services.GetRequiredService<Selegic.Extensions.Platform.Blobs.IBlobStore>();
        var artifactKey = BlobPrecompiledModuleStore.Prefix + Selegic.Extensions.Runner.Sandbox.PrecompiledArtifact.KeyFor(cache.ComponentEngine.Fingerprint, hash);
        while (!(cache.Contains(hash) && await blobs.GetAsync(artifactKey, CancellationToken.None) is not null) && DateTime.UtcNow < until)
            await Task.Delay(250);
        Assert.True(cache.Contains(hash), "the published component is compiled without a call");
        Assert.NotNull(await blobs.GetAsync(artifactKey, CancellationToken.None)); // and its artifact is stored for the other nodes
    }

    [Fact]
    public async Task A_route_answers_with_the_installation_config()
    {
        var (installed, client) = await InstallAsync(config: new { greeting = "hola" });
        using (client)
        using (var response = await client.GetAsync(installed.Route("/hello/Ada")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hola Ada", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_action_without_its_capability_is_refused_to_the_handler()
    {
        var (ungranted, client) = await InstallAsync(grants: []);
        using (client)
        using (var response = await client.PostAsync(ungranted.Route("/kv/note"), new StringContent("x", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("capability_not_granted", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task One_tenants_component_cannot_read_another_tenants_data()
    {
        var (owner, ownerClient) = await InstallAsync();
        var (other, otherClient) = await InstallAsync();
        using (ownerClient)
        using (otherClient)
        {
            using (var stored = await ownerClient.PostAsync(owner.Route("/kv/secret"), new StringContent("owner-only", Encoding.UTF8, "text/plain")))
                Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
            using (var read = await ownerClient.GetAsync(owner.Route("/kv/secret")))
                Assert.Contains("owner-only", await read.Content.ReadAsStringAsync());

            using var stolen = await otherClient.GetAsync(other.Route("/kv/secret"));
            var body = await stolen.Content.ReadAsStringAsync();
            Assert.DoesNotContain("owner-only", body);
            using var counter = await otherClient.GetAsync(other.Route("/counter"));
            using var seen = JsonDocument.Parse(await counter.Content.ReadAsStringAsync());
            Assert.Equal(other.Tenant, seen.RootElement.GetProperty("tenant").GetString());
            Assert.Equal(1, seen.RootElement.GetProperty("seen").GetInt32());
        }
    }

    [Fact]
    public async Task Log_lines_reach_the_installation_log()
    {
        var (installed, client) = await InstallAsync();
        using (client)
        using (var response = await client.GetAsync(installed.Route("/log")))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entries = await Server.InstallationLogAsync(installed, e => e.Any(x => x.Message == "second line"));
        Assert.Contains(entries, e => e.Message == "first line");
        Assert.Contains(entries, e => e.Message == "second line");
    }
}

/// <summary>PostgreSQL with the platform's default memory limit (a JavaScript component needs more at start than <see cref="GatewayServer"/>'s 16 MiB).</summary>
public sealed class JavaScriptGatewayServer : PostgresServer
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Extensions:Gateway:Limits:TimeoutMilliseconds"] = "3000",
        ["Extensions:Gateway:Limits:MemoryBytes"] = (64 * 1024 * 1024).ToString(),
    };
}
