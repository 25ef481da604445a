using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Grains.Tests.Versions;

/// <summary>The ExtensionVersion grain is the single writer of its version, on a 2-silo cluster.</summary>
public sealed class ExtensionVersionGrainTests : IAsyncLifetime
{
    private const int Publishers = 20;
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Of_concurrent_publishes_of_one_version_from_both_silos_one_wins_and_only_the_winner_reaches_the_store()
    {
        var silos = _cluster.Cluster.GetActiveSilos().ToList();
        var store = _cluster.Service<IMetadataStore>(silos[0]);
        var tenant = (await new TenantService(store, TimeProvider.System).CreateTenantAsync("grain-race", CancellationToken.None)).Tenant;
        var key = ExtensionVersionKey.For(tenant.Id, "race", "1.0.0");

        // Different bytes per publisher, callers on both silos: the grain must still let exactly one through.
        using var start = new SemaphoreSlim(0, Publishers);
        var attempts = Enumerable.Range(0, Publishers).Select(async i =>
        {
            var grains = ControlPlaneCluster.ServicesOf(silos[i % silos.Count]).GetRequiredService<IGrainFactory>();
            await start.WaitAsync();
            return await grains.GetGrain<IExtensionVersionGrain>(key).PublishAsync(Publication(tenant.Id, $"bundle {i}"));
        }).ToArray();
        start.Release(Publishers);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, created => created);
        var inserts = silos.Sum(silo => _cluster.Service<InsertCountingStore>(silo).VersionInserts);
        Assert.Equal(1, inserts);
        Assert.Single(Directory.EnumerateFiles(_cluster.BlobRoot, "*", SearchOption.AllDirectories));
        var stored = await store.GetVersionAsync(tenant.Id, "race", "1.0.0", CancellationToken.None);
        Assert.NotNull(stored);

        // Later publishes of that version are refused without touching the store.
        Assert.False(await _cluster.Cluster.GrainFactory.GetGrain<IExtensionVersionGrain>(key).PublishAsync(Publication(tenant.Id, "late")));
        Assert.Equal(1, silos.Sum(silo => _cluster.Service<InsertCountingStore>(silo).VersionInserts));
    }

    [Fact]
    public async Task A_version_already_in_the_store_is_refused_by_a_fresh_grain_and_other_versions_are_not_affected()
    {
        var store = _cluster.Service<IMetadataStore>(_cluster.Cluster.Primary!);
        var tenant = (await new TenantService(store, TimeProvider.System).CreateTenantAsync("grain-existing", CancellationToken.None)).Tenant;
        var grains = _cluster.Cluster.GrainFactory;

        Assert.True(await grains.GetGrain<IExtensionVersionGrain>(ExtensionVersionKey.For(tenant.Id, "race", "1.0.0")).PublishAsync(Publication(tenant.Id, "a")));
        await _cluster.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.False(await grains.GetGrain<IExtensionVersionGrain>(ExtensionVersionKey.For(tenant.Id, "race", "1.0.0")).PublishAsync(Publication(tenant.Id, "b")));
        Assert.True(await grains.GetGrain<IExtensionVersionGrain>(ExtensionVersionKey.For(tenant.Id, "race", "1.0.1")).PublishAsync(
            Publication(tenant.Id, "c") with { Version = "1.0.1" }));
    }

    private static VersionPublication Publication(Guid tenantId, string content)
    {
        var bundle = Encoding.UTF8.GetBytes(content);
        var hash = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bundle));
        return new VersionPublication(tenantId, "race", "1.0.0", "Race", null, null, hash, bundle,
            """{"slug":"race","version":"1.0.0"}""", null, null, "grain-tests");
    }
}
