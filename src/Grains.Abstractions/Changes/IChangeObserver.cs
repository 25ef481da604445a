namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// An Orleans client's end of the cluster-wide push (a Frontend in the split topology has no silo, so no
/// <see cref="IChangeRelay"/>): applies changes committed on the silos to that Frontend's listeners.
/// </summary>
[Alias("scrm.IChangeObserver")]
public interface IChangeObserver : IGrainObserver
{
    [Alias("Deliver")]
    Task DeliverAsync(ChangeMessage change);
}
