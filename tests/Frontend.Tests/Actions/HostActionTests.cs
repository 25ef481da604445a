using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

public abstract class HostActionTests(ActionServerFixture fixture)
{
    private RunningServer Server => fixture.Server;
    private LoopbackTestServer Crm => fixture.Outside;
    private static readonly string[] Grants = [.. ActionKit.AllBuiltInCapabilities, "cap:crm.records"];

    private object Registration(string path = "/crm/callback", int? timeoutMs = null, object? schema = null) => new
    {
        description = "Reads a CRM record",
        capability = "cap:crm.records",
        inputSchema = schema ?? new
        {
            type = "object", additionalProperties = false, required = new[] { "id" },
            properties = new { id = new { type = "string", pattern = "^r-[0-9]+$" } },
        },
        callbackUrl = $"http://127.0.0.1:{Crm.Port}{path}",
        signingSecret = LoopbackTestServer.CallbackSecret,
        timeoutMs,
    };

    private async Task<HttpResponseMessage> RegisterAsync(Installed app, string name, object registration)
    {
        using var admin = Server.WithKey(app.TenantKey);
        return await admin.PutAsJsonAsync(Api.TenantRoute(app.Tenant, $"/host-actions/{name}"), registration);
    }

    [Fact]
    public async Task A_call_is_forwarded_with_a_verifiable_hmac_and_the_callbacks_answer_is_the_output()
    {
        var app = await Server.InstallAsync(grants: Grants);
        using (var registered = await RegisterAsync(app, "crm.records.get", Registration()))
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        var output = await Server.CallOkAsync(app.Token, "crm.records.get", new { id = "r-1" });

        Assert.Equal("Ada", output.GetProperty("record").GetProperty("name").GetString());
        Assert.True(output.GetProperty("signed").GetBoolean());
        var forwarded = Crm.VerifiedCallbacks.Select(b => JsonDocument.Parse(b).RootElement)
            .Single(b => b.GetProperty("installationId").GetGuid() == app.InstallationId);
        Assert.Equal("crm.records.get", forwarded.GetProperty("action").GetString());
        Assert.Equal("r-1", forwarded.GetProperty("input").GetProperty("id").GetString());
        Assert.Equal("u-42", forwarded.GetProperty("user").GetString());
        Assert.Equal(app.Extension, forwarded.GetProperty("extension").GetString());
        Assert.Empty(Crm.RejectedCallbacks);
        using var admin = Server.WithKey(app.TenantKey);
        var audit = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, "/audit"))).Content.ReadAsStringAsync();
        Assert.Contains("action.crm.records.get", audit);
        Assert.Contains("host_action.register", audit);
    }

    [Fact]
    public async Task Invalid_input_and_missing_grants_are_refused_before_the_crm_is_called()
    {
        var app = await Server.InstallAsync(grants: Grants);
        var ungranted = await Server.InstallAsync(tenant: (app.Tenant, app.TenantKey));
        using (var registered = await RegisterAsync(app, "crm.records.find", Registration()))
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var before = Crm.Requests.Count;

        using var badInput = await Server.CallAsync(app.Token, "crm.records.find", new { id = "nope" });
        using var noGrant = await Server.CallAsync(ungranted.Token, "crm.records.find", new { id = "r-1" });

        await badInput.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", "/id");
        await noGrant.AssertRefusedAsync(HttpStatusCode.Forbidden, "capability_not_granted");
        Assert.Equal(before, Crm.Requests.Count);
    }

    [Fact]
    public async Task Host_actions_belong_to_their_tenant_only()
    {
        var a = await Server.InstallAsync(grants: Grants);
        var b = await Server.InstallAsync(grants: Grants);
        using (var registered = await RegisterAsync(a, "crm.deals.close", Registration()))
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        using var bCalls = await Server.CallAsync(b.Token, "crm.deals.close", new { id = "r-1" });
        using var bAdmin = Server.WithKey(b.TenantKey);
        var bList = await (await bAdmin.GetAsync(Api.TenantRoute(b.Tenant, "/host-actions"))).ReadAsync<HostActionListResponse>();
        using var bDeletesViaA = await bAdmin.DeleteAsync(Api.TenantRoute(a.Tenant, "/host-actions/crm.deals.close"));
        using var bDeletesViaB = await bAdmin.DeleteAsync(Api.TenantRoute(b.Tenant, "/host-actions/crm.deals.close"));
        using var bOverwritesViaA = await bAdmin.PutAsJsonAsync(Api.TenantRoute(a.Tenant, "/host-actions/crm.deals.close"), Registration());
        using var bCatalog = Server.Anonymous();
        bCatalog.DefaultRequestHeaders.Authorization = new("Bearer", b.Token);
        var bSees = await (await bCatalog.GetAsync("/api/actions")).ReadAsync<ActionCatalogResponse>();
        using var aCatalog = Server.WithKey(a.TenantKey);
        var aSees = await (await aCatalog.GetAsync("/api/actions")).ReadAsync<ActionCatalogResponse>();

        await bCalls.AssertRefusedAsync(HttpStatusCode.NotFound, "action_unknown");
        Assert.Empty(bList.Actions);
        await bDeletesViaA.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await bDeletesViaB.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await bOverwritesViaA.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(bSees.Actions, x => x.Name == "crm.deals.close");
        var listed = Assert.Single(aSees.Actions, x => x.Name == "crm.deals.close");
        Assert.Equal("host", listed.Source);
        Assert.Equal("^r-[0-9]+$", listed.InputSchema.GetProperty("properties").GetProperty("id").GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task The_signing_secret_is_write_only()
    {
        var app = await Server.InstallAsync(grants: Grants);
        using var registered = await RegisterAsync(app, "crm.notes.add", Registration());
        using var admin = Server.WithKey(app.TenantKey);

        var registerBody = await registered.Content.ReadAsStringAsync();
        var listBody = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, "/host-actions"))).Content.ReadAsStringAsync();
        var auditBody = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, "/audit"))).Content.ReadAsStringAsync();

        Assert.Contains("crm.notes.add", listBody);
        foreach (var body in new[] { registerBody, listBody, auditBody })
            Assert.DoesNotContain(LoopbackTestServer.CallbackSecret, body);
    }

    [Fact]
    public async Task A_slow_or_failing_crm_gives_timeout_and_failure_codes()
    {
        var app = await Server.InstallAsync(grants: Grants);
        using (var slow = await RegisterAsync(app, "crm.slow.call", Registration("/crm/slow", timeoutMs: 300)))
            Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        using (var failing = await RegisterAsync(app, "crm.failing.call", Registration("/crm/fail")))
            Assert.Equal(HttpStatusCode.OK, failing.StatusCode);

        using var timedOut = await Server.CallAsync(app.Token, "crm.slow.call", new { id = "r-1" });
        using var failed = await Server.CallAsync(app.Token, "crm.failing.call", new { id = "r-1" });

        await timedOut.AssertRefusedAsync(HttpStatusCode.GatewayTimeout, "host_action_timeout");
        await failed.AssertRefusedAsync(HttpStatusCode.BadGateway, "host_action_failed");
    }

    [Theory]
    [InlineData("storage.sneaky", "host_action_name_reserved")]
    [InlineData("http.fetch", "host_action_name_reserved")]
    [InlineData("nodots", "host_action_invalid")]
    [InlineData("Crm.Records", "host_action_invalid")]
    public async Task Bad_names_are_refused(string name, string code)
    {
        var app = await Server.InstallAsync(grants: Grants);

        using var response = await RegisterAsync(app, name, Registration());

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Bad_registrations_are_refused_naming_the_field_and_leave_nothing_behind()
    {
        var app = await Server.InstallAsync(grants: Grants);
        var cases = new (object Body, string Code, string Field)[]
        {
            (new { capability = "cap:crm.records", inputSchema = new { type = "object", oneOf = Array.Empty<object>() }, callbackUrl = "https://crm.example/x", signingSecret = LoopbackTestServer.CallbackSecret },
                "host_action_schema_invalid", "inputSchema/oneOf"),
            (new { capability = "crm", inputSchema = new { type = "object" }, callbackUrl = "https://crm.example/x", signingSecret = LoopbackTestServer.CallbackSecret },
                "host_action_invalid", "capability"),
            (new { capability = "cap:crm.records", inputSchema = new { type = "object" }, callbackUrl = "ftp://crm.example/x", signingSecret = LoopbackTestServer.CallbackSecret },
                "host_action_invalid", "callbackUrl"),
            (new { capability = "cap:crm.records", inputSchema = new { type = "object" }, callbackUrl = "https://crm.example/x", signingSecret = "short" },
                "host_action_invalid", "signingSecret"),
        };
        foreach (var (body, code, field) in cases)
        {
            using var response = await RegisterAsync(app, "crm.bad.one", body);
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
        using var admin = Server.WithKey(app.TenantKey);
        var list = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, "/host-actions"))).ReadAsync<HostActionListResponse>();
        Assert.Empty(list.Actions);
    }

    [Fact]
    public async Task A_callback_at_a_metadata_address_is_never_connected()
    {
        var app = await Server.InstallAsync(grants: Grants);
        var registration = new
        {
            capability = "cap:crm.records", inputSchema = new { type = "object" },
            callbackUrl = "http://169.254.169.254/latest/meta-data/", signingSecret = LoopbackTestServer.CallbackSecret,
        };
        using (var registered = await RegisterAsync(app, "crm.meta.peek", registration))
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        using var response = await Server.CallAsync(app.Token, "crm.meta.peek", new { });

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadGateway, "host_action_failed");
        Assert.Contains("metadata", problem.GetProperty("detail").GetString());
    }
}

public sealed class SqliteHostActionTests(SqliteActionServer fixture) : HostActionTests(fixture), IClassFixture<SqliteActionServer>;
public sealed class PostgresHostActionTests(PostgresActionServer fixture) : HostActionTests(fixture), IClassFixture<PostgresActionServer>;
