using System.Collections.Concurrent;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>
/// The <c>egress</c> list of the manifest an installation runs. Versions are immutable, so entries
/// are cached for good (the cache is simply dropped when it grows past a bound).
/// </summary>
public sealed class ManifestEgress(IMetadataStore store)
{
    private const int MaxCachedVersions = 10_000;
    private readonly ConcurrentDictionary<(Guid, string, string), IReadOnlyList<string>> _cache = new();

    public async ValueTask<IReadOnlyList<string>> GetAsync(Guid tenantId, string extensionSlug, string version, CancellationToken cancellationToken)
    {
        var key = (tenantId, extensionSlug, version);
        if (_cache.TryGetValue(key, out var cached))
            return cached;
        var record = await store.GetVersionAsync(tenantId, extensionSlug, version, cancellationToken);
        // A version that vanished (cannot happen: versions are immutable) allows nothing.
        IReadOnlyList<string> egress = record is null ? [] : ManifestParser.Parse(record.ManifestJson).Egress;
        if (_cache.Count >= MaxCachedVersions)
            _cache.Clear();
        _cache[key] = egress;
        return egress;
    }
}
