using Microsoft.Extensions.Logging;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// Holds the subscribed clients' observers (dropped when not renewed within <see cref="Expiry"/>) and
/// delivers each change to all of them in parallel, each bounded like a push to a silo. Reentrant
/// deliveries are not needed: a publish waits at most one delivery bound.
/// </summary>
public sealed class ChangeSubscribersGrain(ILogger<ChangeSubscribersGrain> logger) : Grain, IChangeSubscribersGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(5);

    private readonly Guid _incarnation = Guid.NewGuid();
    private readonly Dictionary<IChangeObserver, DateTimeOffset> _observers = [];

    public Task<Guid> SubscribeAsync(IChangeObserver observer)
    {
        _observers[observer] = DateTimeOffset.UtcNow;
        return Task.FromResult(_incarnation);
    }

    public Task UnsubscribeAsync(IChangeObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(ChangeMessage change)
    {
        var cutOff = DateTimeOffset.UtcNow - Expiry;
        foreach (var expired in _observers.Where(entry => entry.Value < cutOff).Select(entry => entry.Key).ToList())
            _observers.Remove(expired);
        return Task.WhenAll(_observers.Keys.ToList().Select(observer => DeliverAsync(observer, change)));
    }

    private async Task DeliverAsync(IChangeObserver observer, ChangeMessage change)
    {
        try
        {
            await observer.DeliverAsync(change).WaitAsync(DeliveryBound);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not push a {Kind} change to a client: {Message}", change.Kind, e.Message);
        }
    }
}
