using System.Net;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>Installing, changing and uninstalling through real HTTP; every refusal with its code and no partial state.</summary>
public abstract class InstallationTests(ServerFixture fixture)
{
    private const string Slug = "trip-planner";
    private const string SecretValue = "sk-live-very-secret-value-4f1d";
    private RunningServer Server => fixture.Server;

    private async Task<(string Tenant, HttpClient Client)> TenantWithVersionsAsync()
    {
        var (tenant, key) = await Server.NewTenantAsync("inst");
        var client = Server.WithKey(key);
        await client.PublishAsync(tenant, Slug, "1.0.0", "cap:storage.kv", "cap:http.fetch");
        await client.PublishAsync(tenant, Slug, "1.1.0", "cap:storage.kv", "cap:http.fetch", "cap:secrets.read");
        return (tenant, client);
    }

    private static object InstallBody(string version = "1.0.0", string[]? grants = null) => new
    {
        extension = Slug,
        version,
        grants = grants ?? ["cap:storage.kv"],
        config = new { region = "eu", retries = 3 },
        secrets = new Dictionary<string, string> { ["api_key"] = SecretValue },
    };

    [Fact]
    public async Task Install_answers_201_with_the_id_and_shows_secret_names_never_values()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        using var created = await client.PostJsonAsync(InstallationApi.Installations(tenant), InstallBody());
        var body = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(SecretValue, body);
        var installation = JsonSerializer.Deserialize<InstallationDto>(body, ApiJson.Options)!;
        Assert.NotEqual(Guid.Empty, installation.Id);
        Assert.Equal(InstallationApi.Installation(tenant, installation.Id), created.Headers.Location?.OriginalString);
        Assert.Equal(["api_key"], installation.SecretNames);
        Assert.Equal(["cap:storage.kv"], installation.Grants);
        Assert.Equal("eu", installation.Config.GetProperty("region").GetString());
        Assert.True(installation.Enabled);
        Assert.StartsWith("sha256:", installation.ContentHash);

        foreach (var route in new[] { InstallationApi.Installations(tenant), InstallationApi.Installation(tenant, installation.Id), Api.TenantRoute(tenant, "/audit") })
        {
            using var read = await client.GetAsync(route);
            var text = await read.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.DoesNotContain(SecretValue, text);
            Assert.Contains(installation.Id.ToString(), text);
        }
    }

    [Fact]
    public async Task Grants_beyond_the_manifest_are_refused_naming_the_extra_ones_and_nothing_is_installed()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        using var response = await client.PostJsonAsync(InstallationApi.Installations(tenant),
            InstallBody(grants: ["cap:storage.kv", "cap:secrets.read", "cap:crm.records"]));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.GrantsNotInManifest);
        var extra = problem.GetProperty("detail").GetString()!.Split("; it declares")[0];
        Assert.Contains("cap:secrets.read", extra);
        Assert.Contains("cap:crm.records", extra);
        Assert.DoesNotContain("cap:storage.kv", extra);
        Assert.Empty(await client.ListAsync(tenant));
    }

    public static TheoryData<string, string, int, string> BadInstallBodies() => new()
    {
        { "missing extension", """{"version":"1.0.0"}""", 400, ErrorCodes.ValidationFailed },
        { "missing version", """{"extension":"trip-planner"}""", 400, ErrorCodes.ValidationFailed },
        { "bad slug", """{"extension":"Trip_Planner","version":"1.0.0"}""", 400, ErrorCodes.InvalidSlug },
        { "unknown version", """{"extension":"trip-planner","version":"9.9.9"}""", 404, ErrorCodes.VersionNotFound },
        { "unknown extension", """{"extension":"nothing-here","version":"1.0.0"}""", 404, ErrorCodes.VersionNotFound },
        { "malformed grant", """{"extension":"trip-planner","version":"1.0.0","grants":["storage.kv"]}""", 400, ErrorCodes.GrantsInvalid },
        { "duplicate grant", """{"extension":"trip-planner","version":"1.0.0","grants":["cap:storage.kv","cap:storage.kv"]}""", 400, ErrorCodes.GrantsInvalid },
        { "null grant", """{"extension":"trip-planner","version":"1.0.0","grants":[null]}""", 400, ErrorCodes.GrantsInvalid },
        { "config array", """{"extension":"trip-planner","version":"1.0.0","config":[1,2]}""", 400, ErrorCodes.ConfigInvalid },
        { "config string", """{"extension":"trip-planner","version":"1.0.0","config":"x"}""", 400, ErrorCodes.ConfigInvalid },
        { "secret name", """{"extension":"trip-planner","version":"1.0.0","secrets":{"bad name!":"v"}}""", 400, ErrorCodes.SecretsInvalid },
        { "empty secret", """{"extension":"trip-planner","version":"1.0.0","secrets":{"api_key":""}}""", 400, ErrorCodes.SecretsInvalid },
        { "not json", """{"extension":""", 400, ErrorCodes.ValidationFailed },
        { "secret not a string", """{"extension":"trip-planner","version":"1.0.0","secrets":{"api_key":5}}""", 400, ErrorCodes.ValidationFailed },
    };

    [Theory]
    [MemberData(nameof(BadInstallBodies))]
    public async Task Bad_install_requests_get_their_code_and_leave_nothing_behind(string name, string json, int status, string code)
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(InstallationApi.Installations(tenant), content);
        await response.AssertProblemAsync((HttpStatusCode)status, code);
        Assert.True((await client.ListAsync(tenant)).Count == 0, name);
    }

    [Fact]
    public async Task Config_larger_than_64_KiB_is_refused()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        using var response = await client.PostJsonAsync(InstallationApi.Installations(tenant),
            new { extension = Slug, version = "1.0.0", config = new { blob = new string('x', 70 * 1024) } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ConfigInvalid);
        Assert.Empty(await client.ListAsync(tenant));
    }

    [Fact]
    public async Task One_active_installation_per_extension_and_reinstall_after_uninstall()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var first = await client.InstallAsync(tenant, InstallBody());
        using (var again = await client.PostJsonAsync(InstallationApi.Installations(tenant), InstallBody("1.1.0")))
            await again.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InstallationExists);

        using (var removed = await client.DeleteAsync(InstallationApi.Installation(tenant, first.Id)))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var gone = await client.GetAsync(InstallationApi.Installation(tenant, first.Id)))
            await gone.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.InstallationNotFound);

        var second = await client.InstallAsync(tenant, InstallBody("1.1.0"));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([second.Id], (await client.ListAsync(tenant)).Select(i => i.Id));
    }

    [Fact]
    public async Task Concurrent_installs_of_one_extension_leave_exactly_one()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostJsonAsync(InstallationApi.Installations(tenant), InstallBody())));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in attempts.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InstallationExists);
        Assert.Single(await client.ListAsync(tenant));
    }

    [Fact]
    public async Task Lifecycle_changes_apply_and_every_change_is_audited()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var installed = await client.InstallAsync(tenant, InstallBody());
        var route = (string rest) => InstallationApi.Installation(tenant, installed.Id, rest);

        using (var r = await client.PostJsonAsync(route("/disable"), null))
            Assert.False((await r.ReadAsync<InstallationDto>()).Enabled);
        using (var r = await client.PostJsonAsync(route("/enable"), null))
            Assert.True((await r.ReadAsync<InstallationDto>()).Enabled);

        InstallationDto upgraded;
        using (var r = await client.PutJsonAsync(route("/version"), new { version = "1.1.0", grants = new[] { "cap:storage.kv", "cap:secrets.read" } }))
            upgraded = await r.ReadAsync<InstallationDto>();
        Assert.Equal("1.1.0", upgraded.Version);
        Assert.NotEqual(installed.ContentHash, upgraded.ContentHash);
        Assert.Equal(["cap:storage.kv", "cap:secrets.read"], upgraded.Grants);

        // Rollback keeps the grants, which 1.0.0 does not all declare: refused, and nothing changes.
        using (var r = await client.PutJsonAsync(route("/version"), new { version = "1.0.0" }))
            Assert.Contains("cap:secrets.read", (await r.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.GrantsNotInManifest)).GetProperty("detail").GetString());
        using (var r = await client.GetAsync(route("")))
            Assert.Equal("1.1.0", (await r.ReadAsync<InstallationDto>()).Version);

        using (var r = await client.PutJsonAsync(route("/grants"), new { grants = new[] { "cap:http.fetch" } }))
            Assert.Equal(["cap:http.fetch"], (await r.ReadAsync<InstallationDto>()).Grants);
        using (var r = await client.PutJsonAsync(route("/version"), new { version = "1.0.0" }))
            Assert.Equal("1.0.0", (await r.ReadAsync<InstallationDto>()).Version);
        using (var r = await client.PutJsonAsync(route("/config"), new { config = new { region = "us" } }))
            Assert.Equal("us", (await r.ReadAsync<InstallationDto>()).Config.GetProperty("region").GetString());
        using (var r = await client.PutJsonAsync(route("/secrets"), new { secrets = new Dictionary<string, string> { ["token"] = "rotated-" + SecretValue } }))
        {
            var body = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain(SecretValue, body);
            Assert.Equal(["token"], JsonSerializer.Deserialize<InstallationDto>(body, ApiJson.Options)!.SecretNames);
        }
        using (var r = await client.DeleteAsync(route("")))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);

        using var auditResponse = await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=50"));
        var auditText = await auditResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SecretValue, auditText);
        var audit = (await auditResponse.ReadAsync<ListResponse<AuditRecordDto>>()).Items
            .Where(a => a.Action.StartsWith("installation.", StringComparison.Ordinal)).Reverse().ToList();
        Assert.Equal(
            [
                (InstallationAuditActions.Install, "success"), (InstallationAuditActions.Disable, "success"), (InstallationAuditActions.Enable, "success"),
                (InstallationAuditActions.ChangeVersion, "success"), (InstallationAuditActions.ChangeVersion, "failure"),
                (InstallationAuditActions.ChangeGrants, "success"), (InstallationAuditActions.ChangeVersion, "success"),
                (InstallationAuditActions.SetConfig, "success"), (InstallationAuditActions.SetSecrets, "success"), (InstallationAuditActions.Uninstall, "success"),
            ],
            audit.Select(a => (a.Action, a.Outcome)).ToList());
        Assert.Equal(ErrorCodes.GrantsNotInManifest, audit[4].ErrorCode);
    }

    [Fact]
    public async Task Concurrent_changes_of_one_installation_each_apply_once_or_are_refused_as_a_conflict()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var installed = await client.InstallAsync(tenant, InstallBody());
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.PutJsonAsync(InstallationApi.Installation(tenant, installed.Id, "/config"), new { config = new { writer = i } })));

        var applied = 0;
        foreach (var answer in answers)
        {
            if (answer.StatusCode == HttpStatusCode.OK) applied++;
            else await answer.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InstallationConflict);
        }
        Assert.True(applied >= 1);
        using var auditResponse = await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=100"));
        var audited = (await auditResponse.ReadAsync<ListResponse<AuditRecordDto>>()).Items.Where(a => a.Action == InstallationAuditActions.SetConfig).ToList();
        Assert.Equal(applied, audited.Count(a => a.Outcome == "success"));
        Assert.Equal(answers.Length - applied, audited.Count(a => a.ErrorCode == ErrorCodes.InstallationConflict));
    }

    public static TheoryData<string, string, string, int, string> BadChanges() => new()
    {
        { "PUT", "/version", """{}""", 400, ErrorCodes.ValidationFailed },
        { "PUT", "/version", """{"version":"7.0.0"}""", 404, ErrorCodes.VersionNotFound },
        { "PUT", "/grants", """{}""", 400, ErrorCodes.GrantsInvalid },
        { "PUT", "/grants", """{"grants":["cap:crm.records"]}""", 400, ErrorCodes.GrantsNotInManifest },
        { "PUT", "/config", """{}""", 400, ErrorCodes.ConfigInvalid },
        { "PUT", "/config", """{"config":true}""", 400, ErrorCodes.ConfigInvalid },
        { "PUT", "/secrets", """{}""", 400, ErrorCodes.SecretsInvalid },
        { "PUT", "/secrets", """{"secrets":{"":"x"}}""", 400, ErrorCodes.SecretsInvalid },
        { "POST", "/tokens/revoke", """{}""", 400, ErrorCodes.JtiInvalid },
        { "POST", "/tokens/revoke", """{"jti":"has space"}""", 400, ErrorCodes.JtiInvalid },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Bad_changes_get_their_code_and_leave_the_installation_as_it_was(string method, string rest, string json, int status, string code)
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var installed = await client.InstallAsync(tenant, InstallBody());
        using var request = new HttpRequestMessage(new HttpMethod(method), InstallationApi.Installation(tenant, installed.Id, rest))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        await response.AssertProblemAsync((HttpStatusCode)status, code);
        using var after = await client.GetAsync(InstallationApi.Installation(tenant, installed.Id));
        var now = await after.ReadAsync<InstallationDto>();
        Assert.Equal((installed.Version, installed.Epoch, installed.UpdatedAt), (now.Version, now.Epoch, now.UpdatedAt));
        Assert.Equal(installed.Grants, now.Grants);
        Assert.Equal(installed.SecretNames, now.SecretNames);
    }

    [Fact]
    public async Task Unknown_installation_ids_get_installation_not_found_on_every_route()
    {
        var (tenant, client) = await TenantWithVersionsAsync();
        var unknown = Guid.NewGuid();
        foreach (var route in InstallationRoutes.All.Where(r => r.Pattern.Contains("{id")))
        {
            using var response = await client.SendAsync(route.Request(tenant, unknown));
            await response.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.InstallationNotFound);
        }
    }
}

public sealed class InstallationTestsOnSqlite(SqliteServer fixture) : InstallationTests(fixture), IClassFixture<SqliteServer>;

public sealed class InstallationTestsOnPostgres(PostgresServer fixture) : InstallationTests(fixture), IClassFixture<PostgresServer>;
