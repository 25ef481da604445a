using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Tenants;

public abstract class TenantAndAuthTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Platform_admin_creates_a_tenant_whose_key_works_on_its_routes()
    {
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = Server.AsPlatformAdmin();
        using var response = await admin.PostAsJsonAsync(Api.Tenants, new { slug });
        var created = await response.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created);
        Assert.Equal(slug, created.Slug);
        Assert.StartsWith("sk_", created.ApiKey);

        using var tenant = Server.WithKey(created.ApiKey);
        using var extensions = await tenant.GetAsync(Api.TenantRoute(slug, "/extensions"));
        var list = await extensions.ReadAsync<ListResponse<ExtensionSummary>>();
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task Duplicate_tenant_slug_is_409_tenant_exists()
    {
        var (slug, _) = await Server.NewTenantAsync();
        using var admin = Server.AsPlatformAdmin();
        using var response = await admin.PostAsJsonAsync(Api.Tenants, new { slug });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.TenantExists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("../etc")]
    [InlineData("-acme")]
    public async Task Invalid_tenant_slug_is_400_invalid_slug(string slug)
    {
        using var admin = Server.AsPlatformAdmin();
        using var response = await admin.PostAsJsonAsync(Api.Tenants, new { slug });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidSlug);
    }

    [Fact]
    public async Task No_key_is_401_with_a_bearer_challenge()
    {
        using var anonymous = Server.Anonymous();
        using var response = await anonymous.PostAsJsonAsync(Api.Tenants, new { slug = "nobody-here" });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Unknown_key_is_401()
    {
        var (slug, _) = await Server.NewTenantAsync();
        using var client = Server.WithKey("sk_" + new string('x', 43));
        using var response = await client.GetAsync(Api.TenantRoute(slug, "/extensions"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Non_bearer_scheme_is_401()
    {
        using var client = Server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("a:b"u8.ToArray()));
        using var response = await client.GetAsync(Api.TenantRoute("acme-corp", "/extensions"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Tenant_key_cannot_create_tenants()
    {
        var (_, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsJsonAsync(Api.Tenants, new { slug = "sneaky-" + Guid.NewGuid().ToString("N")[..6] });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Settings_round_trip_through_put_and_get()
    {
        var (slug, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using (var initial = await client.GetAsync(Api.TenantRoute(slug, "/settings")))
            Assert.False((await initial.ReadAsync<TenantSettingsDto>()).RequireSignatures);

        using (var put = await client.PutAsJsonAsync(Api.TenantRoute(slug, "/settings"), new TenantSettingsDto(true)))
            Assert.True((await put.ReadAsync<TenantSettingsDto>()).RequireSignatures);
        using (var after = await client.GetAsync(Api.TenantRoute(slug, "/settings")))
            Assert.True((await after.ReadAsync<TenantSettingsDto>()).RequireSignatures);
    }

    [Fact]
    public async Task Platform_admin_gets_404_for_an_unknown_tenant()
    {
        using var admin = Server.AsPlatformAdmin();
        using var response = await admin.GetAsync(Api.TenantRoute("no-such-tenant-here", "/extensions"));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }
}

public sealed class TenantAndAuthTestsOnSqlite(SqliteServer fixture) : TenantAndAuthTests(fixture), IClassFixture<SqliteServer>;

public sealed class TenantAndAuthTestsOnPostgres(PostgresServer fixture) : TenantAndAuthTests(fixture), IClassFixture<PostgresServer>;
