using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Tests.Installations;

/// <summary>What <see cref="IInstallationStore"/> promises on both backends, each test on a fresh database.</summary>
public abstract class InstallationStoreContractTests : IAsyncLifetime
{
    private StoreBackend _backend = null!;
    private SqlMetadataStore _store = null!;
    private static CancellationToken None => CancellationToken.None;

    protected abstract Task<StoreBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _store = _backend.OpenStore();
        await _store.MigrateAsync(None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private IInstallationStore Installations => _store;

    private async Task<(TenantRecord Tenant, ExtensionRecord Extension)> TenantWithExtensionAsync()
    {
        var (tenant, key, _) = TestData.Tenant();
        await _store.CreateTenantAsync(tenant, key, None);
        var extension = await _store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), None);
        return (tenant, extension);
    }

    private static InstallationRecord NewInstallation(TenantRecord tenant, ExtensionRecord extension) => new(
        Guid.NewGuid(), tenant.Id, extension.Id, extension.Slug, "1.0.0", "sha256:" + new string('a', 64), ["cap:storage.kv"], """{"a":1}""",
        new Dictionary<string, string> { ["api_key"] = "v1.k.sealed" }, true, 1, 1, TestData.Now, TestData.Now, null);

    [Fact]
    public async Task An_installation_round_trips_and_is_found_by_id_and_by_extension_within_its_tenant_only()
    {
        var (tenant, extension) = await TenantWithExtensionAsync();
        var (other, _) = await TenantWithExtensionAsync();
        var installation = NewInstallation(tenant, extension);
        await Installations.InsertInstallationAsync(installation, None);

        var read = await Installations.GetInstallationAsync(tenant.Id, installation.Id, None);
        Assert.NotNull(read);
        Assert.Equal(installation with { Grants = read.Grants, SealedSecrets = read.SealedSecrets }, read);
        Assert.Equal(installation.Grants, read.Grants);
        Assert.Equal(installation.SealedSecrets, read.SealedSecrets);
        Assert.Equal(installation.Id, (await Installations.GetActiveInstallationAsync(tenant.Id, extension.Slug, None))?.Id);
        Assert.Null(await Installations.GetInstallationAsync(other.Id, installation.Id, None));
        Assert.Null(await Installations.GetActiveInstallationAsync(other.Id, extension.Slug, None));
        Assert.Empty(await Installations.ListInstallationsAsync(other.Id, None));
    }

    [Fact]
    public async Task A_second_active_installation_of_one_extension_is_refused_but_allowed_after_uninstall()
    {
        var (tenant, extension) = await TenantWithExtensionAsync();
        var first = NewInstallation(tenant, extension);
        await Installations.InsertInstallationAsync(first, None);
        var second = NewInstallation(tenant, extension);
        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Installations.InsertInstallationAsync(second, None));
        Assert.Equal(ErrorCodes.InstallationExists, error.Code);

        var uninstalled = first with { Revision = 2, Enabled = false, Epoch = 2, UninstalledAt = TestData.Now };
        Assert.True(await Installations.UpdateInstallationAsync(uninstalled, 1, None));
        Assert.Null(await Installations.GetInstallationAsync(tenant.Id, first.Id, None));
        await Installations.InsertInstallationAsync(second, None);
        Assert.Equal([second.Id], (await Installations.ListInstallationsAsync(tenant.Id, None)).Select(i => i.Id));
    }

    [Fact]
    public async Task An_update_with_a_stale_revision_or_from_another_tenant_writes_nothing()
    {
        var (tenant, extension) = await TenantWithExtensionAsync();
        var (other, _) = await TenantWithExtensionAsync();
        var installation = NewInstallation(tenant, extension);
        await Installations.InsertInstallationAsync(installation, None);

        Assert.True(await Installations.UpdateInstallationAsync(installation with { Revision = 2, Enabled = false }, 1, None));
        Assert.False(await Installations.UpdateInstallationAsync(installation with { Revision = 2, Version = "9.9.9" }, 1, None));
        Assert.False(await Installations.UpdateInstallationAsync(installation with { TenantId = other.Id, Revision = 3, Version = "9.9.9" }, 2, None));

        var read = await Installations.GetInstallationAsync(tenant.Id, installation.Id, None);
        Assert.Equal(("1.0.0", false, 2L), (read!.Version, read.Enabled, read.Revision));
    }

    [Fact]
    public async Task Revocations_load_while_live_and_expired_ones_are_dropped()
    {
        var (tenant, extension) = await TenantWithExtensionAsync();
        var installationId = Guid.NewGuid();
        var live = new TokenRevocation(tenant.Id, installationId, "live-jti", TestData.Now.AddMinutes(15), TestData.Now);
        var expired = new TokenRevocation(tenant.Id, installationId, "old-jti", TestData.Now.AddMinutes(-1), TestData.Now.AddMinutes(-16));
        foreach (var revocation in new[] { live, expired, live })
            await Installations.RevokeTokenAsync(revocation, None);

        var loaded = await Installations.LoadLiveRevocationsAsync(TestData.Now, None);
        Assert.Equal([live], loaded);
        Assert.Empty(await Installations.LoadLiveRevocationsAsync(TestData.Now.AddMinutes(16), None));
    }

    [Fact]
    public async Task Pruning_deletes_only_revocations_expired_before_the_cut_off()
    {
        var (tenant, _) = await TenantWithExtensionAsync();
        var installationId = Guid.NewGuid();
        var live = new TokenRevocation(tenant.Id, installationId, "live-jti", TestData.Now.AddMinutes(15), TestData.Now);
        var expired = new TokenRevocation(tenant.Id, installationId, "old-jti", TestData.Now.AddMinutes(-1), TestData.Now.AddMinutes(-16));
        await Installations.RevokeTokenAsync(live, None);
        await Installations.RevokeTokenAsync(expired, None);

        Assert.Equal(1, await Installations.PruneRevocationsAsync(TestData.Now, None));
        Assert.Equal(0, await Installations.PruneRevocationsAsync(TestData.Now, None));
        Assert.Equal([live], await Installations.LoadLiveRevocationsAsync(TestData.Now.AddHours(-1), None));
    }

    [Fact]
    public async Task Purging_deletes_storage_and_logs_of_installations_uninstalled_before_the_cut_off_once_and_nothing_else()
    {
        var data = SqlActionDataStore.For(_store);
        var quota = new StorageQuota(10, 10_000);
        var installations = new List<InstallationRecord>();
        foreach (var uninstalledAt in new DateTimeOffset?[] { null, TestData.Now.AddDays(-31), TestData.Now.AddDays(-1) })
        {
            var (tenant, extension) = await TenantWithExtensionAsync();
            var installation = NewInstallation(tenant, extension);
            await Installations.InsertInstallationAsync(installation, None);
            await data.PutValueAsync(tenant.Id, installation.Id, "k", "1", quota, TestData.Now, None);
            await data.AppendLogAsync(new InstallationLogEntry(0, tenant.Id, installation.Id, "info", "m", null, null, TestData.Now), 10, None);
            if (uninstalledAt is { } at)
            {
                var uninstalled = installation with { Enabled = false, UninstalledAt = at, Revision = 2 };
                Assert.True(await Installations.UpdateInstallationAsync(uninstalled, 1, None));
                installation = uninstalled;
            }
            installations.Add(installation);
        }
        var (active, old, recent) = (installations[0], installations[1], installations[2]);

        var purged = await Installations.PurgeUninstalledAsync(TestData.Now.AddDays(-30), TestData.Now, 100, None);

        Assert.Equal([old.Id], purged.Select(i => i.Id));
        Assert.Null(await data.GetValueAsync(old.TenantId, old.Id, "k", None));
        Assert.Empty((await data.ListLogsAsync(old.TenantId, old.Id, null, 10, None)).Entries);
        foreach (var kept in new[] { active, recent })
        {
            Assert.NotNull(await data.GetValueAsync(kept.TenantId, kept.Id, "k", None));
            Assert.Single((await data.ListLogsAsync(kept.TenantId, kept.Id, null, 10, None)).Entries);
        }
        // The usage row went with the values: a new value counts from zero again.
        Assert.Equal(1, (await data.PutValueAsync(old.TenantId, old.Id, "k2", "1", quota, TestData.Now, None)).KeyCount);
        Assert.Empty(await Installations.PurgeUninstalledAsync(TestData.Now.AddDays(-30), TestData.Now, 100, None));
        Assert.Equal([recent.Id], (await Installations.PurgeUninstalledAsync(TestData.Now, TestData.Now, 100, None)).Select(i => i.Id));
    }
}

public sealed class SqliteInstallationStoreContractTests : InstallationStoreContractTests
{
    protected override Task<StoreBackend> CreateBackendAsync() => Task.FromResult<StoreBackend>(new SqliteStoreBackend());
}

public sealed class PostgresInstallationStoreContractTests : InstallationStoreContractTests
{
    protected override async Task<StoreBackend> CreateBackendAsync() => await PostgresStoreBackend.CreateAsync();
}
