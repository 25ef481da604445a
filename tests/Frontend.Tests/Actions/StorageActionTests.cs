using System.Net;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

public abstract class StorageActionTests(ActionServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Put_get_list_and_delete_round_trip_json_values()
    {
        var app = await Server.InstallAsync();

        var usage = await Server.CallOkAsync(app.Token, "storage.put", new { key = "trip:1", value = new { city = "Lisbon", days = 3 } });
        var found = await Server.CallOkAsync(app.Token, "storage.get", new { key = "trip:1" });
        var missing = await Server.CallOkAsync(app.Token, "storage.get", new { key = "trip:2" });
        var deleted = await Server.CallOkAsync(app.Token, "storage.delete", new { key = "trip:1" });
        var again = await Server.CallOkAsync(app.Token, "storage.delete", new { key = "trip:1" });

        Assert.Equal(1, usage.GetProperty("keyCount").GetInt32());
        Assert.True(found.GetProperty("found").GetBoolean());
        Assert.Equal("Lisbon", found.GetProperty("value").GetProperty("city").GetString());
        Assert.Equal(3, found.GetProperty("value").GetProperty("days").GetInt32());
        Assert.False(missing.GetProperty("found").GetBoolean());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.False(again.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task List_pages_with_a_cursor_and_refuses_a_forged_cursor()
    {
        var app = await Server.InstallAsync();
        foreach (var key in new[] { "b", "a", "c" })
            await Server.CallOkAsync(app.Token, "storage.put", new { key, value = 1 });

        var first = await Server.CallOkAsync(app.Token, "storage.list", new { });
        var second = await Server.CallOkAsync(app.Token, "storage.list", new { cursor = first.GetProperty("cursor").GetString() });
        using var forged = await Server.CallAsync(app.Token, "storage.list", new { cursor = "!!not-base64!!" });

        Assert.Equal(["a", "b"], first.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["c"], second.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("cursor").ValueKind);
        await forged.AssertRefusedAsync(HttpStatusCode.BadRequest, "storage_cursor_invalid", "/cursor");
    }

    [Fact]
    public async Task Quotas_on_key_count_value_size_and_total_size_refuse_without_writing()
    {
        var app = await Server.InstallAsync();
        var oversized = new string('v', ActionTestSettings.MaxValueBytes);

        using var tooBigValue = await Server.CallAsync(app.Token, "storage.put", new { key = "big", value = oversized });
        await tooBigValue.AssertRefusedAsync(HttpStatusCode.RequestEntityTooLarge, "storage_value_too_large", "/value");

        // Each entry is 2 (key) + 42 (value JSON) bytes: a fourth brings 176 > 160, within the key quota but over the byte quota.
        var fortyBytes = new string('x', 40);
        for (var i = 0; i < 3; i++)
            await Server.CallOkAsync(app.Token, "storage.put", new { key = $"k{i}", value = fortyBytes });
        using var overTotal = await Server.CallAsync(app.Token, "storage.put", new { key = "k3", value = fortyBytes });
        await overTotal.AssertRefusedAsync(HttpStatusCode.Conflict, "storage_quota_exceeded");

        await Server.CallOkAsync(app.Token, "storage.put", new { key = "k3", value = 1 });
        using var overCount = await Server.CallAsync(app.Token, "storage.put", new { key = "k4", value = 1 });
        await overCount.AssertRefusedAsync(HttpStatusCode.Conflict, "storage_quota_exceeded");

        var keys = await Server.CallOkAsync(app.Token, "storage.list", new { limit = 2, prefix = "big" });
        Assert.Empty(keys.GetProperty("keys").EnumerateArray());
        Assert.False((await Server.CallOkAsync(app.Token, "storage.get", new { key = "k4" })).GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task Another_tenant_never_sees_or_touches_a_tenants_keys_even_with_the_same_extension_slug()
    {
        var a = await Server.InstallAsync(extension: "shared-ext-" + Guid.NewGuid().ToString("N")[..6]);
        var b = await Server.InstallAsync(extension: a.Extension);
        await Server.CallOkAsync(a.Token, "storage.put", new { key = "plan", value = "tenant A's secret plan" });

        var read = await Server.CallOkAsync(b.Token, "storage.get", new { key = "plan" });
        var deleted = await Server.CallOkAsync(b.Token, "storage.delete", new { key = "plan" });
        var listed = await Server.CallOkAsync(b.Token, "storage.list", new { });
        var stillThere = await Server.CallOkAsync(a.Token, "storage.get", new { key = "plan" });

        Assert.False(read.GetProperty("found").GetBoolean());
        Assert.False(deleted.GetProperty("deleted").GetBoolean());
        Assert.Empty(listed.GetProperty("keys").EnumerateArray());
        Assert.Equal("tenant A's secret plan", stillThere.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Mutating_calls_are_audited_for_the_tenant_without_values()
    {
        var app = await Server.InstallAsync();
        await Server.CallOkAsync(app.Token, "storage.put", new { key = "audited-key", value = "do-not-audit-this-value" });
        await Server.CallOkAsync(app.Token, "storage.get", new { key = "audited-key" });

        using var admin = Server.WithKey(app.TenantKey);
        var audit = await (await admin.GetAsync(Api.TenantRoute(app.Tenant, "/audit"))).Content.ReadAsStringAsync();

        Assert.Contains("action.storage.put", audit);
        Assert.Contains("storage:audited-key", audit);
        Assert.DoesNotContain("action.storage.get", audit);
        Assert.DoesNotContain("do-not-audit-this-value", audit);
    }
}

public sealed class SqliteStorageActionTests(SqliteActionServer fixture) : StorageActionTests(fixture), IClassFixture<SqliteActionServer>;
public sealed class PostgresStorageActionTests(PostgresActionServer fixture) : StorageActionTests(fixture), IClassFixture<PostgresActionServer>;
