using Orleans.Services;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>One per silo: applies changes written on other silos to this silo's node-local state.</summary>
[Alias("scrm.IChangeRelay")]
public interface IChangeRelay : IGrainService
{
    [Alias("Deliver")]
    Task DeliverAsync(ChangeMessage change);
}
