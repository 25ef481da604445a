using System.Collections.Concurrent;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>A node-local listener that keeps what reached it: the notices and how often it was resynced.</summary>
public sealed class RecordingListener : IChangeListener
{
    private readonly ConcurrentQueue<ChangeNotice> _notices = new();
    private int _resyncs;

    public IReadOnlyCollection<ChangeNotice> Notices => _notices;
    public int Resyncs => Volatile.Read(ref _resyncs);

    public void OnChange(ChangeNotice notice) => _notices.Enqueue(notice);

    public Task ResyncAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _resyncs);
        return Task.CompletedTask;
    }
}
