namespace Selegic.Extensions.Platform.ChangeFeed;

/// <summary>The embedded default: one process, so a local publish reaches every listener there is.</summary>
public sealed class InProcessChangeFeed : IChangeFeed
{
    private readonly ChangeListeners _listeners = new();

    public long ResyncCount => _listeners.ResyncCount;

    public void Subscribe(IChangeListener listener) => _listeners.Add(listener);

    public Task StartAsync(CancellationToken cancellationToken) => _listeners.ResyncAsync(cancellationToken);

    public void PublishLocal(ChangeNotice notice) => _listeners.Dispatch(notice);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
