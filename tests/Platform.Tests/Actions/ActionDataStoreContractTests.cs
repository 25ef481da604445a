using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Actions;

/// <summary>What every <see cref="IActionDataStore"/> backend promises; run on SQLite and on PostgreSQL.</summary>
public abstract class ActionDataStoreContractTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly StorageQuota Roomy = new(100, 1_000_000);

    private StoreBackend _backend = null!;
    private SqlMetadataStore _metadata = null!;
    private IActionDataStore _store = null!;
    private Guid _tenantA, _tenantB;

    protected abstract Task<StoreBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _metadata = _backend.OpenStore();
        await _metadata.MigrateAsync(None);
        _store = SqlActionDataStore.For(_metadata);
        _tenantA = await NewTenantAsync();
        _tenantB = await NewTenantAsync();
    }

    public async Task DisposeAsync()
    {
        await _metadata.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<Guid> NewTenantAsync()
    {
        var (tenant, key, _) = TestData.Tenant();
        await _metadata.CreateTenantAsync(tenant, key, None);
        return tenant.Id;
    }

    [Fact]
    public async Task Put_get_replace_and_delete_keep_usage_exact()
    {
        var installation = Guid.NewGuid();

        var first = await _store.PutValueAsync(_tenantA, installation, "k1", """{"a":1}""", Roomy, TestData.Now, None);
        var replaced = await _store.PutValueAsync(_tenantA, installation, "k1", """{"a":12}""", Roomy, TestData.Now, None);
        var stored = await _store.GetValueAsync(_tenantA, installation, "k1", None);

        Assert.Equal(new StorageUsage(1, 2 + 7), first);
        Assert.Equal(new StorageUsage(1, 2 + 8), replaced);
        Assert.Equal("""{"a":12}""", stored!.ValueJson);
        Assert.True(await _store.DeleteValueAsync(_tenantA, installation, "k1", None));
        Assert.False(await _store.DeleteValueAsync(_tenantA, installation, "k1", None));
        Assert.Null(await _store.GetValueAsync(_tenantA, installation, "k1", None));
        Assert.Equal(new StorageUsage(1, 2 + 1), await _store.PutValueAsync(_tenantA, installation, "k2", "1", Roomy, TestData.Now, None));
    }

    [Fact]
    public async Task Namespaces_are_per_tenant_and_installation()
    {
        var installation = Guid.NewGuid();
        var other = Guid.NewGuid();
        await _store.PutValueAsync(_tenantA, installation, "secret-plan", "\"a\"", Roomy, TestData.Now, None);

        Assert.Null(await _store.GetValueAsync(_tenantB, installation, "secret-plan", None));
        Assert.Null(await _store.GetValueAsync(_tenantA, other, "secret-plan", None));
        Assert.False(await _store.DeleteValueAsync(_tenantB, installation, "secret-plan", None));
        Assert.Empty((await _store.ListKeysAsync(_tenantB, installation, "", null, 10, None)).Keys);
        Assert.NotNull(await _store.GetValueAsync(_tenantA, installation, "secret-plan", None));
    }

    [Fact]
    public async Task Quota_refusals_write_nothing()
    {
        var installation = Guid.NewGuid();
        var quota = new StorageQuota(2, 20);
        await _store.PutValueAsync(_tenantA, installation, "a", "1", quota, TestData.Now, None);
        await _store.PutValueAsync(_tenantA, installation, "b", "2", quota, TestData.Now, None);

        var tooMany = await Assert.ThrowsAsync<ActionException>(() => _store.PutValueAsync(_tenantA, installation, "c", "3", quota, TestData.Now, None));
        var tooBig = await Assert.ThrowsAsync<ActionException>(() => _store.PutValueAsync(_tenantA, installation, "a", "\"0123456789abcdefg\"", quota, TestData.Now, None));

        Assert.Equal(ActionErrorCodes.StorageQuotaExceeded, tooMany.Code);
        Assert.Equal(ActionErrorCodes.StorageQuotaExceeded, tooBig.Code);
        Assert.Null(await _store.GetValueAsync(_tenantA, installation, "c", None));
        Assert.Equal("1", (await _store.GetValueAsync(_tenantA, installation, "a", None))!.ValueJson);
        // Replacing an existing key within the byte budget is still fine at the key limit.
        Assert.Equal(new StorageUsage(2, 4), await _store.PutValueAsync(_tenantA, installation, "a", "9", quota, TestData.Now, None));
    }

    [Fact]
    public async Task Concurrent_puts_never_overshoot_the_key_quota()
    {
        var installation = Guid.NewGuid();
        var quota = new StorageQuota(5, 1_000_000);
        await using var secondMetadata = _backend.OpenStore();
        var secondNode = SqlActionDataStore.For(secondMetadata);

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? _store : secondNode).PutValueAsync(_tenantA, installation, $"k{i:D2}", "1", quota, TestData.Now, None);
                return true;
            }
            catch (ActionException e) when (e.Code == ActionErrorCodes.StorageQuotaExceeded)
            {
                return false;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(5, results.Count(ok => ok));
        Assert.Equal(5, (await _store.ListKeysAsync(_tenantA, installation, "", null, 100, None)).Keys.Count);
    }

    [Fact]
    public async Task Keys_list_in_ordinal_order_by_prefix_a_page_at_a_time()
    {
        var installation = Guid.NewGuid();
        foreach (var key in new[] { "user:b", "user:a", "User:z", "user:c", "order:1", "user:" })
            await _store.PutValueAsync(_tenantA, installation, key, "0", Roomy, TestData.Now, None);

        var first = await _store.ListKeysAsync(_tenantA, installation, "user:", null, 2, None);
        var second = await _store.ListKeysAsync(_tenantA, installation, "user:", first.NextAfterKey, 2, None);
        var all = await _store.ListKeysAsync(_tenantA, installation, "", null, 10, None);

        Assert.Equal(["user:", "user:a"], first.Keys);
        Assert.Equal("user:a", first.NextAfterKey);
        Assert.Equal(["user:b", "user:c"], second.Keys);
        Assert.Null(second.NextAfterKey);
        Assert.Equal(["User:z", "order:1", "user:", "user:a", "user:b", "user:c"], all.Keys);
    }

    [Fact]
    public async Task The_log_keeps_the_newest_entries_only_and_is_per_tenant()
    {
        var installation = Guid.NewGuid();
        for (var i = 0; i < 7; i++)
            await _store.AppendLogAsync(new InstallationLogEntry(0, _tenantA, installation, "info", $"m{i}", i == 6 ? """{"n":6}""" : null, "u-1", TestData.Now), 5, None);

        var page = await _store.ListLogsAsync(_tenantA, installation, null, 3, None);
        var rest = await _store.ListLogsAsync(_tenantA, installation, page.NextBeforeId, 3, None);

        Assert.Equal(["m6", "m5", "m4"], page.Entries.Select(e => e.Message));
        Assert.Equal("""{"n":6}""", page.Entries[0].FieldsJson);
        Assert.Equal(["m3", "m2"], rest.Entries.Select(e => e.Message));
        Assert.Null(rest.NextBeforeId);
        Assert.Empty((await _store.ListLogsAsync(_tenantB, installation, null, 10, None)).Entries);
    }

    [Fact]
    public async Task A_log_batch_keeps_list_order_and_source_and_bounds_each_installation()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        // More rows than one INSERT statement carries, interleaving two installations of two tenants.
        var batch = Enumerable.Range(0, 250).Select(i => new InstallationLogEntry(0, i % 2 == 0 ? _tenantA : _tenantB,
            i % 2 == 0 ? first : second, "warn", $"m{i}", null, null, TestData.Now, InstallationLogSources.Handler)).ToList();
        await _store.AppendLogAsync(new InstallationLogEntry(0, _tenantA, first, "info", "emitted", null, "u-1", TestData.Now), 200, None);

        await _store.AppendLogsAsync(batch, 120, None);

        var a = (await _store.ListLogsAsync(_tenantA, first, null, 500, None)).Entries;
        var b = (await _store.ListLogsAsync(_tenantB, second, null, 500, None)).Entries;
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"m{248 - 2 * i}"), a.Select(e => e.Message)); // the newest 120: "emitted" and the batch's oldest 5 dropped
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"m{249 - 2 * i}"), b.Select(e => e.Message));
        Assert.All(a.Concat(b), e => Assert.Equal((InstallationLogSources.Handler, "warn"), (e.Source, e.Level)));
        Assert.Empty((await _store.ListLogsAsync(_tenantB, first, null, 10, None)).Entries);
    }

    [Fact]
    public async Task Log_entries_default_to_the_action_source()
    {
        var installation = Guid.NewGuid();
        await _store.AppendLogAsync(new InstallationLogEntry(0, _tenantA, installation, "info", "emitted", null, null, TestData.Now), 5, None);
        Assert.Equal(InstallationLogSources.Action, Assert.Single((await _store.ListLogsAsync(_tenantA, installation, null, 5, None)).Entries).Source);
    }

    [Fact]
    public async Task Host_actions_are_upserted_listed_and_deleted_per_tenant()
    {
        var record = new HostActionRecord(_tenantA, "crm.records.get", "Reads a record", "cap:crm.records", """{"type":"object"}""",
            "https://crm.example/actions", "v1.k.sealed", 5000, false, TestData.Now);
        await _store.UpsertHostActionAsync(record, None);
        await _store.UpsertHostActionAsync(record with { TimeoutMilliseconds = 900, Mutating = true }, None);

        var stored = await _store.GetHostActionAsync(_tenantA, "crm.records.get", None);
        Assert.Equal(record with { TimeoutMilliseconds = 900, Mutating = true }, stored);
        Assert.Null(await _store.GetHostActionAsync(_tenantB, "crm.records.get", None));
        Assert.Empty(await _store.ListHostActionsAsync(_tenantB, None));
        Assert.False(await _store.DeleteHostActionAsync(_tenantB, "crm.records.get", None));
        Assert.Single(await _store.ListHostActionsAsync(_tenantA, None));
        Assert.True(await _store.DeleteHostActionAsync(_tenantA, "crm.records.get", None));
        Assert.Empty(await _store.ListHostActionsAsync(_tenantA, None));
    }
}

public sealed class SqliteActionDataStoreContractTests : ActionDataStoreContractTests
{
    protected override Task<StoreBackend> CreateBackendAsync() => Task.FromResult<StoreBackend>(new SqliteStoreBackend());
}

/// <summary>Against the real PostgreSQL named by EXTENSIONS_TEST_POSTGRES (fails, never skips, without it).</summary>
public sealed class PostgresActionDataStoreContractTests : ActionDataStoreContractTests
{
    protected override async Task<StoreBackend> CreateBackendAsync() => await PostgresStoreBackend.CreateAsync();
}
