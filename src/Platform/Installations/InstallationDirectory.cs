using System.Collections.Concurrent;
using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// The node's read-through cache of installations. A change notice drops the affected entries; a
/// resync drops everything. A load that overlaps any invalidation is returned but not cached, so a
/// value read before a change can never be cached after the change's notice was applied.
/// </summary>
public sealed class InstallationDirectory(IInstallationStore store) : IInstallationDirectory, IChangeListener
{
    /// <summary>Past this many entries the cache starts over (bounds negative entries for unknown ids).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(Guid Tenant, Guid Id), InstallationRecord?> _byId = new();
    private readonly ConcurrentDictionary<(Guid Tenant, string Slug), Guid?> _byExtension = new();
    private long _generation;

    public async ValueTask<InstallationRecord?> FindAsync(Guid tenantId, Guid installationId, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue((tenantId, installationId), out var cached))
            return cached;
        var generation = Interlocked.Read(ref _generation);
        var loaded = await store.GetInstallationAsync(tenantId, installationId, cancellationToken);
        if (generation == Interlocked.Read(ref _generation))
        {
            TrimIfFull();
            _byId[(tenantId, installationId)] = loaded;
        }
        return loaded;
    }

    public async ValueTask<InstallationRecord?> FindByExtensionAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken)
    {
        if (_byExtension.TryGetValue((tenantId, extensionSlug), out var id))
            return id is { } known ? await FindAsync(tenantId, known, cancellationToken) : null;
        var generation = Interlocked.Read(ref _generation);
        var loaded = await store.GetActiveInstallationAsync(tenantId, extensionSlug, cancellationToken);
        if (generation == Interlocked.Read(ref _generation))
        {
            TrimIfFull();
            _byExtension[(tenantId, extensionSlug)] = loaded?.Id;
            if (loaded is not null)
                _byId[(tenantId, loaded.Id)] = loaded;
        }
        return loaded;
    }

    public void OnChange(ChangeNotice notice)
    {
        if (notice.Kind != ChangeKind.InstallationChanged)
            return;
        Interlocked.Increment(ref _generation);
        _byId.TryRemove((notice.TenantId, notice.InstallationId), out _);
        if (notice.ExtensionSlug is { } slug)
            _byExtension.TryRemove((notice.TenantId, slug), out _);
        else
            _byExtension.Clear();
    }

    public Task ResyncAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        _byId.Clear();
        _byExtension.Clear();
        return Task.CompletedTask;
    }

    private void TrimIfFull()
    {
        if (_byId.Count + _byExtension.Count < MaxEntries)
            return;
        _byId.Clear();
        _byExtension.Clear();
    }
}
