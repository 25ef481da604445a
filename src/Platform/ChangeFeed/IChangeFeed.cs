namespace Selegic.Extensions.Platform.ChangeFeed;

/// <summary>Something that keeps node-local state derived from the store (caches, deny sets).</summary>
public interface IChangeListener
{
    /// <summary>Applies one notice; must be cheap and must not throw.</summary>
    void OnChange(ChangeNotice notice);

    /// <summary>
    /// Notices may have been missed (start-up, reconnect, an unreadable notice): drop derived state
    /// and reload what must be reloaded from the store.
    /// </summary>
    Task ResyncAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Carries changes to every node's listeners. A writer calls <see cref="PublishLocal"/> after its
/// store write commits so its own node sees the change at once; other nodes learn of it through
/// the feed (PostgreSQL NOTIFY written in the same transaction). Applying a notice twice is harmless.
/// </summary>
public interface IChangeFeed : IAsyncDisposable
{
    void Subscribe(IChangeListener listener);

    /// <summary>Begins delivering notices, after one resync of every listener.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    void PublishLocal(ChangeNotice notice);

    /// <summary>Times listeners were resynced (start-up counts once); for operators and tests.</summary>
    long ResyncCount { get; }
}
