namespace Selegic.Extensions.Platform.Changes;

/// <summary>This node's listeners (installation cache, deny set): every notice and resync reaches all of them.</summary>
public sealed class ChangeListeners(IEnumerable<IChangeListener> listeners)
{
    private readonly IChangeListener[] _listeners = listeners.ToArray();

    public void Dispatch(ChangeNotice notice)
    {
        foreach (var listener in _listeners)
            listener.OnChange(notice);
    }

    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
            await listener.ResyncAsync(cancellationToken);
    }
}
