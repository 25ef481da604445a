namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Stores immutable byte blobs under keys such as "bundles/sha256/ab12....tar.gz".
/// Keys are validated by <see cref="BlobKey.Validate"/> (invalid_blob_key). A put is atomic: a reader
/// sees the whole blob or none. Backend failures throw PlatformException blob_store_unavailable.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Create-only: a key that already holds a blob is refused with AlreadyExistsException blob_exists
    /// and the stored blob stays as it was (of concurrent puts of one key exactly one succeeds).
    /// </summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);
    /// <summary>The whole blob, or null when there is none.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
    /// <summary>A readable stream over the blob (caller disposes), or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
    /// <summary>True when a blob was deleted, false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);
    /// <summary>Throws blob_store_unavailable when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
