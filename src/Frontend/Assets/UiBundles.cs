using Microsoft.Extensions.Caching.Memory;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Frontend.Assets;

/// <summary>
/// Unpacked bundles for serving UI files, by tenant and content hash, bounded by unpacked size
/// (least recently used dropped first). The bytes are re-hashed when read from the blob store: a
/// blob that does not match its content hash is never served.
/// </summary>
public sealed class UiBundles(IBlobStore blobs, BundleLimits limits) : IDisposable
{
    public const long MaxCachedBytes = 256L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedBytes });

    /// <summary>The bundle, or null when nothing (or something altered) is stored under the hash.</summary>
    public async Task<Bundle?> GetAsync(Guid tenantId, string contentHash, CancellationToken cancellationToken)
    {
        var key = (tenantId, contentHash);
        if (_cache.TryGetValue(key, out Bundle? cached))
            return cached;
        var stored = await blobs.GetAsync(BundleBlobKey.For(tenantId, contentHash), cancellationToken);
        if (stored is null)
            return null;
        Bundle bundle;
        try
        {
            bundle = BundleReader.Read(stored, limits);
        }
        catch (BundleException)
        {
            return null;
        }
        if (bundle.ContentHash != contentHash)
            return null;
        return _cache.Set(key, bundle, new MemoryCacheEntryOptions { Size = Math.Max(1, bundle.UnpackedBytes) });
    }

    public void Dispose() => _cache.Dispose();
}
