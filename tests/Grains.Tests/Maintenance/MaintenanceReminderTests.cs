using Selegic.Extensions.Grains.Tests.Support;

namespace Selegic.Extensions.Grains.Tests.Maintenance;

/// <summary>
/// The maintenance runs on its own: the silos register its reminder as they start (in-memory reminders
/// here, period one second). The wait is a liveness bound, not a speed claim.
/// </summary>
public sealed class MaintenanceReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2,
        new Dictionary<string, string> { ["Extensions:Maintenance:PeriodSeconds"] = "1" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_reminder_prunes_and_purges_without_being_asked_and_deletes_nothing_else()
    {
        var scene = await MaintenanceScene.ArrangeAsync(_cluster);

        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline && (await scene.HasDataAsync(scene.Old) || (await scene.LiveJtisAsync()).Count > 1))
            await Task.Delay(200);

        Assert.False(await scene.HasDataAsync(scene.Old), "the reminder never purged the installation uninstalled past the retention");
        Assert.Equal(["live"], await scene.LiveJtisAsync());
        Assert.True(await scene.HasDataAsync(scene.Active));
        Assert.True(await scene.HasDataAsync(scene.Recent));
        Assert.Equal(3, await scene.InstallationRowsAsync());
        Assert.Equal(1, await scene.PurgeAuditsAsync(scene.Old));
    }
}
