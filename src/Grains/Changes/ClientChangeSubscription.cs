using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>
/// A client Frontend's subscription to the cluster's changes: an observer applying them to this node's
/// listeners, subscribed at start and renewed every <see cref="Renewal"/>. The node resyncs from the store
/// on its first subscription (changes committed between its start-up resync and then) and whenever the
/// subscribers grain answers with a new incarnation or could not be reached (pushes may have been missed).
/// </summary>
public sealed class ClientChangeSubscription(IClusterClient client, ChangeListeners listeners, ILogger<ClientChangeSubscription> logger)
    : BackgroundService, IChangeObserver
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    public Task DeliverAsync(ChangeMessage change)
    {
        listeners.Dispatch(ChangeMessages.ToNotice(change));
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var self = client.CreateObjectReference<IChangeObserver>(this);
        var subscribers = client.GetGrain<IChangeSubscribersGrain>(IChangeSubscribersGrain.Key);
        Guid? incarnation = null;
        try
        {
            while (true)
            {
                try
                {
                    var current = await subscribers.SubscribeAsync(self).WaitAsync(stopping);
                    if (current != incarnation)
                    {
                        await listeners.ResyncAsync(stopping);
                        logger.LogInformation("Subscribed to the cluster's changes; resynced this node's installation cache and deny set.");
                    }
                    incarnation = current;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    incarnation = null; // resync once subscribed again
                    logger.LogWarning("Could not subscribe to the cluster's changes (retrying in {Seconds} s): {Message}", RetryAfterFailure.TotalSeconds, e.Message);
                }
                await Task.Delay(incarnation is null ? RetryAfterFailure : Renewal, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            client.DeleteObjectReference<IChangeObserver>(self);
        }
    }
}
