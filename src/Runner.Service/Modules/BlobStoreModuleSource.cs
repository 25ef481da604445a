using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Runner.Service.Modules;

/// <summary>
/// Bundles from the platform's blob store (filesystem or GCS), where publish put them:
/// <see cref="BundleBlobKey"/> under the tenant named by <see cref="ModuleReference.StorageScope"/>.
/// The Runner re-verifies the content hash of what it reads.
/// </summary>
public sealed class BlobStoreModuleSource(IBlobStore blobs) : IModuleSource
{
    public Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(module.StorageScope, out var tenant))
            return Task.FromResult<byte[]?>(null); // bundles are stored per tenant: without one there is nothing to find
        return blobs.GetAsync(BundleBlobKey.For(tenant, module.ContentHash), cancellationToken);
    }
}
