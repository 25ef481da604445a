using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>Each refusal of the dispatcher, in its order, through real HTTP.</summary>
public abstract class DispatcherRefusalTests(ActionServerFixture fixture)
{
    private RunningServer Server => fixture.Server;
    private static readonly object GetKey = new { key = "k" };

    [Fact]
    public async Task No_token_is_token_missing_with_a_bearer_challenge()
    {
        using var response = await Server.CallAsync(null, "storage.get", GetKey);

        await response.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_missing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Garbage_and_forged_tokens_are_token_invalid()
    {
        var installed = await Server.InstallAsync();
        var parts = installed.Token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";

        using var garbage = await Server.CallAsync("not-a-jwt", "storage.get", GetKey);
        using var tampered = await Server.CallAsync(forged, "storage.get", GetKey);
        using var apiKey = await Server.CallAsync(installed.TenantKey, "storage.get", GetKey);

        await garbage.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_invalid");
        await tampered.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_invalid");
        await apiKey.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Fact]
    public async Task A_revoked_token_and_the_tokens_of_a_disabled_installation_are_refused()
    {
        var installed = await Server.InstallAsync();
        var other = await Server.MintAsync(installed.Tenant, installed.TenantKey, installed.InstallationId);
        using var admin = Server.WithKey(installed.TenantKey);
        var jti = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(Pad(installed.Token.Split('.')[1]))).RootElement.GetProperty("jti").GetString();

        using (var revoke = await admin.PostAsJsonAsync(Api.TenantRoute(installed.Tenant, $"/installations/{installed.InstallationId}/tokens/revoke"), new { jti }))
            Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
        using var revoked = await Server.CallAsync(installed.Token, "storage.get", GetKey);
        await revoked.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_revoked");

        using (var stillFine = await Server.CallAsync(other, "storage.get", GetKey))
            Assert.Equal(HttpStatusCode.OK, stillFine.StatusCode);
        using (var disable = await admin.PostAsync(Api.TenantRoute(installed.Tenant, $"/installations/{installed.InstallationId}/disable"), null))
            Assert.True(disable.IsSuccessStatusCode, await disable.Content.ReadAsStringAsync());
        using var disabled = await Server.CallAsync(other, "storage.get", GetKey);
        await disabled.AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_revoked");
    }

    [Fact]
    public async Task An_unknown_action_is_action_unknown()
    {
        var installed = await Server.InstallAsync();

        using var response = await Server.CallAsync(installed.Token, "storage.teleport", GetKey);

        await response.AssertRefusedAsync(HttpStatusCode.NotFound, "action_unknown");
    }

    [Fact]
    public async Task An_action_whose_capability_was_not_granted_is_refused_before_its_input_is_looked_at()
    {
        var installed = await Server.InstallAsync(grants: ["cap:log.write"]);

        using var wellFormed = await Server.CallAsync(installed.Token, "storage.get", GetKey);
        using var malformed = await Server.CallAsync(installed.Token, "storage.get", "{not json");

        await wellFormed.AssertRefusedAsync(HttpStatusCode.Forbidden, "capability_not_granted");
        await malformed.AssertRefusedAsync(HttpStatusCode.Forbidden, "capability_not_granted");
    }

    [Theory]
    [InlineData("{}", "/key")]
    [InlineData("""{"key":"has space"}""", "/key")]
    [InlineData("""{"key":"k","extra":1}""", "/extra")]
    [InlineData("""{"key":7}""", "/key")]
    [InlineData("[1]", "")]
    [InlineData("{not json", "")]
    public async Task Input_that_breaks_the_schema_is_action_input_invalid_with_the_pointer(string body, string pointer)
    {
        var installed = await Server.InstallAsync();

        using var response = await Server.CallAsync(installed.Token, "storage.get", body);

        await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", pointer);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6B, 0x65, 0x79, 0x22, 0x3A, 0x22, 0x6B, 0xC0, 0xAF, 0x22, 0x7D }, "/key")] // {"key":"k<C0 AF>"}
    [InlineData(new byte[] { 0x7B, 0x22, 0x6B, 0x65, 0x79, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D }, "/key")] // {"key":"<FF FE>"}
    public async Task Input_that_is_not_UTF8_is_action_input_invalid_not_a_fault(byte[] body, string pointer)
    {
        var installed = await Server.InstallAsync();

        using var response = await Server.CallRawAsync(installed.Token, "storage.get", body);

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", pointer);
        Assert.Contains("not Unicode text", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"key":"\ud800","value":1}""", "/key")]
    [InlineData("""{"key":"k\udc00","value":1}""", "/key")]
    [InlineData("""{"key":"k","value":{"nested":["\ud800"]}}""", "/value/nested/0")]
    [InlineData("""{"key":"k","value":{"\udfff":1}}""", "/value")]
    public async Task A_lone_surrogate_escape_is_action_input_invalid_not_a_fault(string body, string pointer)
    {
        var installed = await Server.InstallAsync();

        using var response = await Server.CallAsync(installed.Token, "storage.put", body);

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", pointer);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("not Unicode text", detail);
        Assert.DoesNotContain("UTF-16", detail);
    }

    [Fact]
    public async Task Oversized_input_is_action_input_too_large()
    {
        var installed = await Server.InstallAsync();
        var huge = $$"""{"key":"k","value":"{{new string('x', 1024 * 1024 + 10)}}"}""";

        using var response = await Server.CallAsync(installed.Token, "storage.put", huge);

        await response.AssertRefusedAsync(HttpStatusCode.RequestEntityTooLarge, "action_input_too_large");
    }

    [Fact]
    public async Task Past_the_burst_an_installation_gets_429_with_retry_after_and_others_are_unaffected()
    {
        var busy = await Server.InstallAsync();
        var calm = await Server.InstallAsync(tenant: (busy.Tenant, busy.TenantKey));

        for (var i = 0; i < ActionTestSettings.Burst; i++)
        {
            using var ok = await Server.CallAsync(busy.Token, "storage.get", GetKey);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await Server.CallAsync(busy.Token, "storage.get", GetKey);
        using var other = await Server.CallAsync(calm.Token, "storage.get", GetKey);

        await limited.AssertRefusedAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must give a delay");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_catalog_lists_built_ins_with_their_schemas_to_anyone()
    {
        using var client = Server.Anonymous();

        var catalog = await (await client.GetAsync("/api/actions")).ReadAsync<ActionCatalogResponse>();

        Assert.Equal(["http.fetch", "log.emit", "secrets.get", "storage.delete", "storage.get", "storage.list", "storage.put"],
            catalog.Actions.Select(a => a.Name));
        var put = catalog.Actions.Single(a => a.Name == "storage.put");
        Assert.Equal("cap:storage.kv", put.Capability);
        Assert.True(put.Mutating);
        Assert.Equal("object", put.InputSchema.GetProperty("type").GetString());
        using var badCredential = Server.WithKey("neither-a-token-nor-a-key");
        await (await badCredential.GetAsync("/api/actions")).AssertRefusedAsync(HttpStatusCode.Unauthorized, "token_invalid");
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - text.Length % 4) % 4);
    }
}

public sealed class SqliteDispatcherRefusalTests(SqliteActionServer fixture) : DispatcherRefusalTests(fixture), IClassFixture<SqliteActionServer>;
public sealed class PostgresDispatcherRefusalTests(PostgresActionServer fixture) : DispatcherRefusalTests(fixture), IClassFixture<PostgresActionServer>;
