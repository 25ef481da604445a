using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;

namespace Selegic.Extensions.Frontend.Tests.Operations;

/// <summary>
/// The embedded default as its own process (its meters see no other test's requests), with a
/// metrics scrape token configured.
/// </summary>
public sealed class MetricsNode : IAsyncLifetime
{
    public const string ScrapeToken = "metrics-scrape-token-0123456789abcdef";
    public string AdminKey { get; } = "metrics-admin-" + Guid.NewGuid().ToString("N");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "scrm-metrics-tests", Guid.NewGuid().ToString("N"));
    public FrontendProcess Node { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Node = await FrontendProcess.StartAsync("metrics",
            new Dictionary<string, string>
            {
                ["Extensions:DataDirectory"] = _dataDirectory,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Extensions:Cluster:SiloPort"] = "0",
                ["Extensions:Cluster:GatewayPort"] = "0",
            },
            new Dictionary<string, string> { ["EXTENSIONS_ADMIN_API_KEY"] = AdminKey, ["EXTENSIONS_METRICS_TOKEN"] = ScrapeToken },
            TimeSpan.FromMinutes(2));

    public async Task<PrometheusScrape> ScrapeAsync()
    {
        using var client = Node.Client(ScrapeToken);
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusScrape(text);
    }

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        RunningServer.DeleteDataDirectory(_dataDirectory);
    }
}

/// <summary>GET /metrics (Prometheus text) after a known set of requests: each product counter moved by exactly what was sent.</summary>
public sealed class MetricsTests(MetricsNode fixture) : IClassFixture<MetricsNode>
{
    private FrontendProcess Node => fixture.Node;

    [Fact]
    public async Task Without_the_admin_key_or_the_scrape_token_metrics_are_401()
    {
        using var anonymous = Node.Client();
        using (var response = await anonymous.GetAsync("/metrics"))
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        using var admin = Node.Client(fixture.AdminKey);
        using var created = await admin.PostAsJsonAsync(Api.Tenants, new { slug = $"m-{Guid.NewGuid():N}"[..16] });
        var tenantKey = (await created.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created)).ApiKey;
        foreach (var wrong in new[] { tenantKey, "not-the-scrape-token-0123456789abcdef", MetricsNode.ScrapeToken + "x" })
        {
            using var client = Node.Client(wrong);
            using var response = await client.GetAsync("/metrics");
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using (var byAdmin = await admin.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var scrape = await fixture.ScrapeAsync();
        // ASP.NET Core's, the runtime's and Orleans' meters are there beside the product's.
        Assert.True(scrape.Has("http_server_request_duration_seconds_count"), scrape.Text);
        Assert.True(scrape.Has("dotnet_gc_collections_total"), scrape.Text);
        Assert.True(scrape.Has("orleans_catalog_activations"), scrape.Text);
    }

    [Fact]
    public async Task Gateway_publish_action_revocation_and_module_counters_move_by_exactly_the_requests_sent()
    {
        var before = await fixture.ScrapeAsync();
        using var admin = Node.Client(fixture.AdminKey);
        var tenant = $"m-{Guid.NewGuid():N}"[..16];
        using var created = await admin.PostAsJsonAsync(Api.Tenants, new { slug = tenant });
        var tenantKey = (await created.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created)).ApiKey;
        using var owner = Node.Client(tenantKey);
        var extension = $"mx-{Guid.NewGuid():N}"[..16];
        var bundle = GatewayKit.Bundle(extension, "1.0.0");

        // Publish: one accepted, the same version again (409), a wrong checksum.
        using (var published = await owner.PublishAsync(tenant, extension, bundle))
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        using (var again = await owner.PublishAsync(tenant, extension, bundle))
            await again.AssertProblemAsync(HttpStatusCode.Conflict, "version_exists");
        string checksumCode;
        int checksumStatus;
        using (var wrongSum = await owner.PublishAsync(tenant, extension, GatewayKit.Bundle(extension, "1.0.1"), sha256: new string('0', 64)))
        {
            checksumStatus = (int)wrongSum.StatusCode;
            checksumCode = (await wrongSum.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            Assert.InRange(checksumStatus, 400, 499);
        }

        using var installed = await owner.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"),
            new { extension, version = "1.0.0", grants = new[] { "cap:storage.kv" }, config = new { greeting = "hi" } });
        var installation = await installed.ReadAsync<InstallationDto>(HttpStatusCode.Created);

        // Gateway routes: 3 + 2 answered by the handler, 1 trap, 1 undeclared route, 1 extension not installed.
        for (var i = 0; i < 3; i++) await ExpectAsync(owner, $"/api/ext/{extension}/noop", HttpStatusCode.OK);
        for (var i = 0; i < 2; i++) await ExpectAsync(owner, $"/api/ext/{extension}/items/{i}", HttpStatusCode.OK);
        await ExpectAsync(owner, $"/api/ext/{extension}/trap", HttpStatusCode.BadGateway, "handler_trap");
        await ExpectAsync(owner, $"/api/ext/{extension}/undeclared", HttpStatusCode.NotFound, "route_not_declared");
        await ExpectAsync(owner, "/api/ext/not-installed-ext/noop", HttpStatusCode.NotFound, "extension_not_installed");

        // Action API with an extension token: two storage.get, one unknown action.
        var minted = await (await owner.PostAsJsonAsync(Api.TenantRoute(tenant, $"/installations/{installation.Id}/tokens"),
            new { user = "u-1", ttlSeconds = 300 })).ReadAsync<MintedTokenResponse>();
        using var asExtension = Node.Client(minted.Token);
        for (var i = 0; i < 2; i++)
            using (var got = await asExtension.PostAsJsonAsync("/api/actions/storage.get", new { key = "k" }))
                Assert.Equal(HttpStatusCode.OK, got.StatusCode);

        // Revocations: one jti, one without a jti (refused), all.
        var tokens = Api.TenantRoute(tenant, $"/installations/{installation.Id}/tokens");
        using (var revoked = await owner.PostAsJsonAsync(tokens + "/revoke", new { jti = minted.Jti }))
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        string noJtiCode;
        using (var noJti = await owner.PostAsJsonAsync(tokens + "/revoke", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noJti.StatusCode);
            noJtiCode = (await noJti.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        }
        using (var all = await owner.PostAsync(tokens + "/revoke-all", null))
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);

        var after = await fixture.ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        var report = after.Text;

        Assert.True(Delta("publish_outcomes_total", ("status", "201"), ("code", "published")) == 1, report);
        Assert.True(Delta("publish_outcomes_total", ("status", "409"), ("code", "version_exists")) == 1, report);
        Assert.True(Delta("publish_outcomes_total", ("status", checksumStatus.ToString()), ("code", checksumCode)) == 1, report);
        Assert.True(Delta("publish_outcomes_total") == 3, report);

        Assert.True(Delta("gateway_requests_total", ("kind", "route"), ("status", "200"), ("code", "ok")) == 5, report);
        Assert.True(Delta("gateway_requests_total", ("kind", "route"), ("status", "502"), ("code", "handler_trap")) == 1, report);
        Assert.True(Delta("gateway_requests_total", ("kind", "route"), ("status", "404"), ("code", "route_not_declared")) == 1, report);
        Assert.True(Delta("gateway_requests_total", ("kind", "route"), ("status", "404"), ("code", "extension_not_installed")) == 1, report);
        Assert.True(Delta("gateway_requests_total") == 8, report);
        // Per extension, the calls that reached an installation: 5 successes, the trap, the undeclared route.
        Assert.True(Delta("gateway_calls_total", ("extension", extension), ("outcome", "success")) == 5, report);
        Assert.True(Delta("gateway_calls_total", ("extension", extension)) == 7, report);
        // The handler ran 6 times (5 answers and the trap); the module was loaded once, then found 5 times.
        Assert.True(Delta("gateway_handler_duration_milliseconds_count", ("kind", "route")) == 6, report);
        Assert.True(Delta("modules_cache_misses_total") == 1, report);
        Assert.True(Delta("modules_cache_hits_total") == 5, report);
        Assert.True(Delta("modules_compiles_total") + Delta("modules_precompiled_loads_total") == 1, report);
        Assert.True(Delta("modules_cache_modules") == 1, report);

        Assert.True(Delta("actions_calls_total", ("action", "storage.get"), ("outcome", "success")) == 2, report);
        Assert.True(Delta("tokens_revocations_total", ("scope", "token"), ("status", "200"), ("code", "revoked")) == 1, report);
        Assert.True(Delta("tokens_revocations_total", ("scope", "token"), ("status", "400"), ("code", noJtiCode)) == 1, report);
        Assert.True(Delta("tokens_revocations_total", ("scope", "all"), ("status", "200"), ("code", "revoked")) == 1, report);

        // No label carries a key, a token, an installation id or a tenant.
        foreach (var secret in new[] { tenantKey, fixture.AdminKey, minted.Token, minted.Jti, installation.Id.ToString(), tenant })
            Assert.DoesNotContain(secret, report);
    }

    private static async Task ExpectAsync(HttpClient client, string route, HttpStatusCode status, string? code = null)
    {
        using var response = await client.GetAsync(route);
        if (code is null)
            Assert.True(status == response.StatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        else
            await response.AssertProblemAsync(status, code);
    }
}
