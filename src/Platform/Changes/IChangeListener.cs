namespace Selegic.Extensions.Platform.Changes;

/// <summary>Something that keeps node-local state derived from the store (caches, deny sets).</summary>
public interface IChangeListener
{
    /// <summary>Applies one notice; must be cheap and must not throw. Applying a notice twice is harmless.</summary>
    void OnChange(ChangeNotice notice);

    /// <summary>
    /// Notices may have been missed (start-up, joining the cluster, a node lost mid-push): drop derived
    /// state and reload what must be reloaded from the store.
    /// </summary>
    Task ResyncAsync(CancellationToken cancellationToken);
}
