namespace Selegic.Extensions.Platform.Blobs;

public static class BlobStoreWrites
{
    /// <summary>
    /// For derived blobs that may be rebuilt (precompiled modules), never for bundles: removes what the
    /// key holds, then stores <paramref name="content"/> create-only. Losing that put to a concurrent
    /// writer is success: the winner stored a blob derived from the same inputs.
    /// </summary>
    public static async Task ReplaceAsync(this IBlobStore blobs, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await blobs.DeleteAsync(key, cancellationToken);
        await blobs.TryPutAsync(key, content, cancellationToken);
    }

    /// <summary>A create-only put that returns false, instead of throwing, when the key already holds a blob.</summary>
    public static async Task<bool> TryPutAsync(this IBlobStore blobs, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await blobs.PutAsync(key, content, cancellationToken);
            return true;
        }
        catch (AlreadyExistsException e) when (e.Code == PlatformErrorCodes.BlobExists)
        {
            return false;
        }
    }
}
