using Orleans.Placement;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Grains.Versions;

/// <summary>
/// The single writer of one version. Calls are handled one at a time, so of concurrent publishes the
/// first writes and the rest are refused here, before the store's unique constraint is reached.
/// Versions are never deleted, so once the version exists the grain answers without the store.
/// Placed on the caller's silo: the bundle bytes then stay in process.
/// </summary>
[PreferLocalPlacement]
public sealed class ExtensionVersionGrain(StoreVersionWriter store) : Grain, IExtensionVersionGrain
{
    private bool _exists;

    public async Task<bool> PublishAsync(VersionPublication publication)
    {
        if (_exists)
            return false;
        var created = await store.TryWriteAsync(VersionPublications.ToVerified(publication), CancellationToken.None);
        _exists = true;
        return created;
    }
}
