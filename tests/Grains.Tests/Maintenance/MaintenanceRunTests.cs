using Selegic.Extensions.Grains.Maintenance;
using Selegic.Extensions.Grains.Tests.Support;

namespace Selegic.Extensions.Grains.Tests.Maintenance;

/// <summary>One maintenance run, asked for (the reminder's period is the default hour, so it does not fire during the test).</summary>
public sealed class MaintenanceRunTests : IAsyncLifetime
{
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_run_prunes_expired_revocations_and_purges_only_installations_uninstalled_past_the_retention_and_a_second_run_does_nothing()
    {
        var scene = await MaintenanceScene.ArrangeAsync(_cluster);
        var maintenance = _cluster.Cluster.GrainFactory.GetGrain<IMaintenanceGrain>(IMaintenanceGrain.Key);

        var first = await maintenance.RunOnceAsync();

        Assert.Equal(new MaintenanceReport(RevocationsPruned: 1, InstallationsPurged: 1), first);
        Assert.False(await scene.HasDataAsync(scene.Old));
        Assert.True(await scene.HasDataAsync(scene.Active));
        Assert.True(await scene.HasDataAsync(scene.Recent));
        Assert.Equal(3, await scene.InstallationRowsAsync());
        Assert.Equal(["live"], await scene.LiveJtisAsync());
        Assert.Equal(1, await scene.PurgeAuditsAsync(scene.Old));
        Assert.Equal(0, await scene.PurgeAuditsAsync(scene.Recent));

        var second = await maintenance.RunOnceAsync();

        Assert.Equal(new MaintenanceReport(0, 0), second);
        Assert.Equal(1, await scene.PurgeAuditsAsync(scene.Old));
        Assert.True(await scene.HasDataAsync(scene.Recent));
    }
}
