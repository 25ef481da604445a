namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// The Orleans clients that take the cluster's changes (key <see cref="Key"/>, one for the cluster).
/// Subscriptions expire unless renewed; an activation that is new (its silo died) starts empty, so each
/// subscription answers with the activation's incarnation: a client that sees a new one may have
/// missed pushes and resyncs from the store.
/// </summary>
[Alias("scrm.IChangeSubscribersGrain")]
public interface IChangeSubscribersGrain : IGrainWithStringKey
{
    public const string Key = "changes:clients";

    [Alias("Subscribe")]
    Task<Guid> SubscribeAsync(IChangeObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IChangeObserver observer);

    /// <summary>Returns when every subscriber applied the change or its delivery bound passed.</summary>
    [Alias("Publish")]
    Task PublishAsync(ChangeMessage change);
}
