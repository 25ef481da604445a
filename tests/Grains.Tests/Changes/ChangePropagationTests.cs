using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Tests.Changes;

/// <summary>A change published on one silo reaches the listeners of every silo, including silos that join later.</summary>
public sealed class ChangePropagationTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_published_change_has_reached_every_silo_when_publish_returns_and_a_joining_silo_resyncs_then_receives_pushes()
    {
        var silos = _cluster.Cluster.GetActiveSilos().ToList();
        var revoked = new ChangeNotice(ChangeKind.TokenRevoked, Guid.NewGuid(), Guid.NewGuid(), Jti: "jti-1", ExpiresAt: DateTimeOffset.UtcNow.AddHours(1));

        await _cluster.Service<IChangePublisher>(silos[1]).PublishAsync(revoked);
        foreach (var silo in silos)
            Assert.Contains(revoked, _cluster.Service<RecordingListener>(silo).Notices);

        var joined = await _cluster.Cluster.StartAdditionalSiloAsync(true);
        var joinedListener = _cluster.Service<RecordingListener>(joined);
        await EventuallyAsync(() => joinedListener.Resyncs >= 1, "the joining silo never resynced");

        var changed = new ChangeNotice(ChangeKind.InstallationChanged, Guid.NewGuid(), Guid.NewGuid(), ExtensionSlug: "ext");
        await _cluster.Service<IChangePublisher>(silos[0]).PublishAsync(changed);
        foreach (var silo in _cluster.Cluster.GetActiveSilos())
            Assert.Contains(changed, _cluster.Service<RecordingListener>(silo).Notices);
        Assert.DoesNotContain(revoked, joinedListener.Notices); // it learned of that one from the store, not from a push
    }

    [Fact]
    public async Task When_a_silo_is_declared_dead_the_survivors_resync_from_the_store()
    {
        var silos = _cluster.Cluster.GetActiveSilos().ToList();
        var survivor = _cluster.Service<RecordingListener>(silos[0]);
        await EventuallyAsync(() => survivor.Resyncs >= 1, "the silo never resynced as it joined");
        var before = survivor.Resyncs;

        await _cluster.Cluster.KillSiloAsync(silos[1]);

        await EventuallyAsync(() => survivor.Resyncs > before, "the surviving silo never resynced after the other one died");
    }

    private static async Task EventuallyAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(condition(), failure);
    }
}
