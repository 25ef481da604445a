using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// Applies a change to this node at once, then pushes it straight to the <see cref="ChangeRelay"/> of
/// every other live silo (one call each, in parallel) and to the subscribed Orleans clients, and returns when they have applied it or the
/// delivery bound passed. A silo that cannot be reached is left to membership: once declared dead it
/// no longer serves, and every survivor resyncs.
/// </summary>
public sealed class ClusterChangePublisher(
    ChangeListeners listeners,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ChangeRelayClient relays,
    IGrainFactory grains,
    ILogger<ClusterChangePublisher> logger) : IChangePublisher
{
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(5);

    public Task PublishAsync(ChangeNotice notice)
    {
        listeners.Dispatch(notice);
        var self = localSilo.SiloAddress;
        var others = membership.CurrentSnapshot.Members.Values
            .Where(member => !member.SiloAddress.Equals(self) && member.Status is SiloStatus.Active or SiloStatus.Joining)
            .Select(member => member.SiloAddress)
            .ToList();
        var message = ChangeMessages.ToMessage(notice);
        return Task.WhenAll(others.Select(silo => DeliverAsync(silo, message)).Append(DeliverToClientsAsync(message)));
    }

    /// <summary>Frontends that are Orleans clients (the split topology) get it through the subscribers grain.</summary>
    private async Task DeliverToClientsAsync(ChangeMessage message)
    {
        try
        {
            await grains.GetGrain<IChangeSubscribersGrain>(IChangeSubscribersGrain.Key).PublishAsync(message).WaitAsync(DeliveryBound * 2);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not push a {Kind} change to the cluster's clients: {Message}", message.Kind, e.Message);
        }
    }

    private async Task DeliverAsync(SiloAddress silo, ChangeMessage message)
    {
        try
        {
            await relays.On(silo).DeliverAsync(message).WaitAsync(DeliveryBound);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not push a {Kind} change to silo {Silo}: {Message}", message.Kind, silo, e.Message);
        }
    }
}
