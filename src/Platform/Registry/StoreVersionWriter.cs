using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// The store's half of a publish. The blob is stored first (content-addressed, so a retry or a
/// concurrent publish of the same bytes is harmless) and only then the version row is inserted, so a
/// crash can leave an unreferenced blob but never a version without its bundle. The store's
/// UNIQUE(extension, version) still backs up the single writer in front of this class.
/// </summary>
public sealed class StoreVersionWriter(IMetadataStore store, IBlobStore blobs, TimeProvider time) : IVersionWriter
{
    public async Task<bool> TryWriteAsync(VerifiedVersion version, CancellationToken cancellationToken)
    {
        if (await store.GetVersionAsync(version.TenantId, version.Slug, version.Version, cancellationToken) is not null)
            return false;

        var blobKey = BundleBlobKey.For(version.TenantId, version.ContentHash);
        // create-only: false when a concurrent publish of the same bytes stored it first (the key is their hash)
        var storedBlob = await blobs.TryPutAsync(blobKey, version.Bundle, cancellationToken);

        var now = time.GetUtcNow();
        var extension = await store.GetOrCreateExtensionAsync(
            new ExtensionRecord(Guid.NewGuid(), version.TenantId, version.Slug, version.Name, version.Description, version.Publisher, now),
            cancellationToken);
        try
        {
            await store.InsertVersionAsync(new ExtensionVersionRecord(
                Guid.NewGuid(), version.TenantId, extension.Id, version.Version, version.ContentHash, version.Bundle.Length,
                version.ManifestJson, version.Signature, version.Actor, now), cancellationToken);
            return true;
        }
        catch (AlreadyExistsException)
        {
            // Lost a race the single writer should have prevented (two activations during a membership
            // change). If the winner published other bytes, nothing can ever reference our blob (see BundleBlobKey): remove it.
            var winner = await store.GetVersionAsync(version.TenantId, version.Slug, version.Version, cancellationToken);
            if (storedBlob && winner is not null && winner.ContentHash != version.ContentHash)
                await blobs.DeleteAsync(blobKey, cancellationToken);
            return false;
        }
    }
}
