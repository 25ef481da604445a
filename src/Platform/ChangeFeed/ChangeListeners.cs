namespace Selegic.Extensions.Platform.ChangeFeed;

/// <summary>The listener list both feeds share.</summary>
internal sealed class ChangeListeners
{
    private volatile IChangeListener[] _listeners = [];
    private long _resyncCount;

    public long ResyncCount => Interlocked.Read(ref _resyncCount);

    public void Add(IChangeListener listener)
    {
        lock (this)
            _listeners = [.. _listeners, listener];
    }

    public void Dispatch(ChangeNotice notice)
    {
        foreach (var listener in _listeners)
            listener.OnChange(notice);
    }

    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
            await listener.ResyncAsync(cancellationToken);
        Interlocked.Increment(ref _resyncCount);
    }
}
