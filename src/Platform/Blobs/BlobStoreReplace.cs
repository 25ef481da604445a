namespace Selegic.Extensions.Platform.Blobs;

public static class BlobStoreReplace
{
    /// <summary>
    /// For derived blobs that may be rebuilt (precompiled modules), never for bundles: removes what the
    /// key holds, then stores <paramref name="content"/> create-only. Losing that put to a concurrent
    /// writer is success: the winner stored a blob derived from the same inputs.
    /// </summary>
    public static async Task ReplaceAsync(this IBlobStore blobs, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await blobs.DeleteAsync(key, cancellationToken);
        try
        {
            await blobs.PutAsync(key, content, cancellationToken);
        }
        catch (AlreadyExistsException e) when (e.Code == PlatformErrorCodes.BlobExists)
        {
        }
    }
}
