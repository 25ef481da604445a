namespace Selegic.Extensions.Platform.Changes;

/// <summary>
/// Carries a committed change to every node's listeners. A writer calls it after its store write
/// commits: the writing node's listeners see the change before the call returns, the other nodes as
/// soon as the cluster delivers it. Not cancellable: once committed, a change must reach every node
/// even if the caller that made it has gone.
/// </summary>
public interface IChangePublisher
{
    Task PublishAsync(ChangeNotice notice);
}
