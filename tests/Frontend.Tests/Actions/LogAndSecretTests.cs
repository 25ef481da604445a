using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

public sealed class LogAndSecretTests(SqliteActionServer fixture) : IClassFixture<SqliteActionServer>
{
    private const string SecretValue = "sk-live-7f3a9c1e-never-show-me";
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Log_entries_are_read_by_the_tenant_admin_newest_first_and_bounded()
    {
        var app = await Server.InstallAsync();
        for (var i = 0; i < 5; i++)
            await Server.CallOkAsync(app.Token, "log.emit", new { level = "info", message = $"step {i}", fields = new { i } });

        using var admin = Server.WithKey(app.TenantKey);
        var page = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, $"/installations/{app.InstallationId}/logs?limit=2"))).ReadAsync<InstallationLogPageDto>();
        var rest = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, $"/installations/{app.InstallationId}/logs?cursor={page.NextCursor}"))).ReadAsync<InstallationLogPageDto>();

        Assert.Equal(["step 4", "step 3"], page.Entries.Select(e => e.Message));
        Assert.Equal("u-42", page.Entries[0].User);
        Assert.Equal("action", page.Entries[0].Source);
        Assert.Equal(4, page.Entries[0].Fields!.Value.GetProperty("i").GetInt32());
        Assert.Equal(["step 2"], rest.Entries.Select(e => e.Message)); // KeepLast = 3
        Assert.Null(rest.NextCursor);
    }

    [Fact]
    public async Task A_bad_log_level_is_refused_with_its_pointer()
    {
        var app = await Server.InstallAsync();

        using var response = await Server.CallAsync(app.Token, "log.emit", new { level = "shout", message = "x" });

        await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", "/level");
    }

    [Fact]
    public async Task Another_tenant_cannot_read_an_installations_log()
    {
        var a = await Server.InstallAsync();
        var b = await Server.InstallAsync();
        await Server.CallOkAsync(a.Token, "log.emit", new { level = "warn", message = "tenant A only" });

        using var bAdmin = Server.WithKey(b.TenantKey);
        using var viaARoute = await bAdmin.GetAsync(Api.TenantRoute(a.Tenant, $"/installations/{a.InstallationId}/logs"));
        using var viaOwnRoute = await bAdmin.GetAsync(Api.TenantRoute(b.Tenant, $"/installations/{a.InstallationId}/logs"));

        await viaARoute.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await viaOwnRoute.AssertProblemAsync(HttpStatusCode.NotFound, "installation_not_found");
    }

    [Fact]
    public async Task Secrets_get_returns_the_installations_secret_and_nothing_else_ever_shows_it()
    {
        var app = await Server.InstallAsync(secrets: new() { ["api_key"] = SecretValue });

        var secret = await Server.CallOkAsync(app.Token, "secrets.get", new { name = "api_key" });
        using var missing = await Server.CallAsync(app.Token, "secrets.get", new { name = "nope" });
        await Server.CallOkAsync(app.Token, "log.emit", new { level = "info", message = "used the key" });

        Assert.Equal(SecretValue, secret.GetProperty("value").GetString());
        await missing.AssertRefusedAsync(HttpStatusCode.NotFound, "secret_not_found", "/name");
        using var admin = Server.WithKey(app.TenantKey);
        foreach (var route in new[] { "/installations", $"/installations/{app.InstallationId}", "/audit", $"/installations/{app.InstallationId}/logs" })
        {
            var body = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, route))).Content.ReadAsStringAsync();
            Assert.DoesNotContain(SecretValue, body);
        }
    }

    [Fact]
    public async Task Another_tenants_installation_cannot_read_a_secret_by_name()
    {
        var a = await Server.InstallAsync(secrets: new() { ["api_key"] = SecretValue });
        var b = await Server.InstallAsync();

        using var response = await Server.CallAsync(b.Token, "secrets.get", new { name = "api_key" });

        var problem = await response.AssertRefusedAsync(HttpStatusCode.NotFound, "secret_not_found");
        Assert.DoesNotContain(SecretValue, problem.GetRawText());
    }
}
