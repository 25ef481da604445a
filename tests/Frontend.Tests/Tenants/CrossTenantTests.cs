using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Tenants;

/// <summary>
/// Tenant isolation: a key of tenant A gets 403 forbidden on every route of tenant B (and of a
/// tenant that does not exist, so keys cannot probe for tenants); the platform admin may act on any.
/// </summary>
public abstract class CrossTenantTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    /// <summary>One request per tenant route; the coverage test below fails when a route is added without one.</summary>
    private static IEnumerable<(string Method, string Pattern, Func<string, HttpRequestMessage> Request)> TenantRoutes()
    {
        const string slug = "cross-ext";
        yield return ("GET", "/api/v1/tenants/{tenant}/settings", t => new(HttpMethod.Get, Api.TenantRoute(t, "/settings")));
        yield return ("PUT", "/api/v1/tenants/{tenant}/settings", t => new(HttpMethod.Put, Api.TenantRoute(t, "/settings"))
        {
            Content = JsonContent.Create(new TenantSettingsDto(true)),
        });
        yield return ("GET", "/api/v1/tenants/{tenant}/extensions", t => new(HttpMethod.Get, Api.TenantRoute(t, "/extensions")));
        yield return ("GET", "/api/v1/tenants/{tenant}/extensions/{slug}/versions", t => new(HttpMethod.Get, Api.VersionsRoute(t, slug)));
        yield return ("GET", "/api/v1/tenants/{tenant}/extensions/{slug}/versions/{version}", t => new(HttpMethod.Get, Api.VersionsRoute(t, slug) + "/1.0.0"));
        yield return ("GET", "/api/v1/tenants/{tenant}/extensions/{slug}/versions/{version}/manifest", t => new(HttpMethod.Get, Api.VersionsRoute(t, slug) + "/1.0.0/manifest"));
        yield return ("POST", "/api/v1/tenants/{tenant}/extensions/{slug}/versions", t => new(HttpMethod.Post, Api.VersionsRoute(t, slug))
        {
            Content = Api.PublishForm(TestBundles.Valid(slug, "1.0.0")),
        });
        yield return ("GET", "/api/v1/tenants/{tenant}/audit", t => new(HttpMethod.Get, Api.TenantRoute(t, "/audit")));
        yield return ("GET", "/api/v1/tenants/{tenant}/publisher-keys", t => new(HttpMethod.Get, Api.TenantRoute(t, "/publisher-keys")));
        yield return ("POST", "/api/v1/tenants/{tenant}/publisher-keys", t => new(HttpMethod.Post, Api.TenantRoute(t, "/publisher-keys"))
        {
            Content = JsonContent.Create(new AddPublisherKeyRequest(TestKeys.PublicKeyPem(TestKeys.Create()))),
        });
        foreach (var route in Installations.InstallationRoutes.All)
            yield return (route.Method, route.Pattern, t => route.Request(t, Guid.NewGuid()));
        foreach (var route in Actions.ActionRoutes.All)
            yield return (route.Method, route.Pattern, t => route.Request(t, Guid.NewGuid()));
        foreach (var route in Gateway.GatewayTenantRoutes.All)
            yield return (route.Method, route.Pattern, route.Request);
    }

    [Fact]
    public void Every_mapped_tenant_route_is_covered_here()
    {
        var mapped = Server.MappedRoutes().Where(r => r.Pattern.Contains("{tenant}")).Order().ToList();
        var covered = TenantRoutes().Select(r => (r.Method, r.Pattern)).Order().ToList();
        Assert.Equal(mapped, covered);
    }

    [Fact]
    public async Task Key_of_tenant_A_gets_403_on_every_route_of_tenant_B_and_B_stays_untouched()
    {
        var (_, keyA) = await Server.NewTenantAsync("a");
        var (tenantB, keyB) = await Server.NewTenantAsync("b");
        using var asA = Server.WithKey(keyA);

        foreach (var (method, pattern, request) in TenantRoutes())
        {
            using var response = await asA.SendAsync(request(tenantB));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} answered {(int)response.StatusCode}");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        using var asB = Server.WithKey(keyB);
        Assert.Empty((await (await asB.GetAsync(Api.TenantRoute(tenantB, "/extensions"))).ReadAsync<ListResponse<ExtensionSummary>>()).Items);
        Assert.Empty((await (await asB.GetAsync(Api.TenantRoute(tenantB, "/publisher-keys"))).ReadAsync<ListResponse<PublisherKeyDto>>()).Items);
        Assert.False((await (await asB.GetAsync(Api.TenantRoute(tenantB, "/settings"))).ReadAsync<TenantSettingsDto>()).RequireSignatures);
        Assert.Empty((await (await asB.GetAsync(Api.TenantRoute(tenantB, "/audit"))).ReadAsync<ListResponse<AuditRecordDto>>()).Items);
    }

    [Fact]
    public async Task Tenant_key_gets_403_on_a_tenant_that_does_not_exist()
    {
        var (_, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        foreach (var (method, pattern, request) in TenantRoutes())
        {
            using var response = await client.SendAsync(request("no-such-tenant-" + Guid.NewGuid().ToString("N")[..6]));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} answered {(int)response.StatusCode}");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }
    }

    [Fact]
    public async Task Platform_admin_may_act_on_any_tenant()
    {
        var (tenant, _) = await Server.NewTenantAsync();
        using var admin = Server.AsPlatformAdmin();
        using var publish = await admin.PublishAsync(tenant, "admin-ext", TestBundles.Valid("admin-ext", "1.0.0"));
        Assert.Equal(HttpStatusCode.Created, publish.StatusCode);
        using var versions = await admin.GetAsync(Api.VersionsRoute(tenant, "admin-ext"));
        Assert.Single((await versions.ReadAsync<ListResponse<VersionSummary>>()).Items);
    }
}

public sealed class CrossTenantTestsOnSqlite(SqliteServer fixture) : CrossTenantTests(fixture), IClassFixture<SqliteServer>;

public sealed class CrossTenantTestsOnPostgres(PostgresServer fixture) : CrossTenantTests(fixture), IClassFixture<PostgresServer>;
