using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// This silo's end of the cluster-wide push: applies changes other silos committed to this node's
/// listeners. It also resyncs them from the store when this silo becomes active in the cluster (pushes
/// sent while it was joining may have missed it) and whenever another silo is declared dead (that silo
/// may have committed a change and died before pushing it).
/// </summary>
public sealed class ChangeRelay : GrainService, IChangeRelay
{
    private readonly ChangeListeners _listeners;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<ChangeRelay> _logger;
    private Task? _watching;

    public ChangeRelay(GrainId id, Silo silo, ILoggerFactory loggerFactory, ChangeListeners listeners, IClusterMembershipService membership)
        : base(id, silo, loggerFactory)
    {
        _listeners = listeners;
        _membership = membership;
        _logger = loggerFactory.CreateLogger<ChangeRelay>();
    }

    public Task DeliverAsync(ChangeMessage change)
    {
        _listeners.Dispatch(ChangeMessages.ToNotice(change));
        return Task.CompletedTask;
    }

    public override async Task Start()
    {
        await base.Start();
        var stopping = StoppedCancellationTokenSource.Token;
        _watching = Task.Run(() => WatchMembershipAsync(stopping), CancellationToken.None);
    }

    public override async Task Stop()
    {
        await base.Stop();
        if (_watching is not null)
            await _watching;
    }

    private async Task WatchMembershipAsync(CancellationToken stopping)
    {
        var self = Silo;
        var joined = false;
        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stopping))
            {
                var becameActive = !joined && snapshot.GetSiloStatus(self) == SiloStatus.Active;
                var lost = previous is not null && snapshot.Members.Values.Any(member => !member.SiloAddress.Equals(self)
                    && member.Status == SiloStatus.Dead && previous.GetSiloStatus(member.SiloAddress) != SiloStatus.Dead);
                previous = snapshot;
                if (!becameActive && !lost)
                    continue;
                joined |= becameActive;
                await ResyncAsync(becameActive ? "this silo joined the cluster" : "a silo was declared dead", stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ResyncAsync(string reason, CancellationToken stopping)
    {
        try
        {
            await _listeners.ResyncAsync(stopping);
            _logger.LogInformation("Resynced this node's installation cache and deny set from the store: {Reason}.", reason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The watch must live on; the next membership change retries.
            _logger.LogWarning("Resync after \"{Reason}\" failed: {Message}", reason, e.Message);
        }
    }
}
