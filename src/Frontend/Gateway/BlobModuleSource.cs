using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Hands the Runner a bundle's stored bytes by content hash, from the tenant's area of the blob
/// store (<see cref="ModuleReference.StorageScope"/> is the tenant id). Not trusted: the Runner
/// re-hashes what it gets.
/// </summary>
public sealed class BlobModuleSource(IBlobStore blobs) : IModuleSource
{
    public static ModuleReference Reference(Guid tenantId, string contentHash) => new(contentHash, tenantId.ToString("N"));

    public Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(module.StorageScope, "N", out var tenantId))
            return Task.FromResult<byte[]?>(null);
        return blobs.GetAsync(BundleBlobKey.For(tenantId, module.ContentHash), cancellationToken);
    }
}
