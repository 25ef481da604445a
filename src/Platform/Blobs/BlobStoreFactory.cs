namespace Selegic.Extensions.Platform.Blobs;

/// <summary>Chooses the backend the way the product documents it: GCS when EXTENSION_GCS_BUCKET is set, else the filesystem.</summary>
public static class BlobStoreFactory
{
    /// <summary>Builds the store; a GCS key file is loaded here (invalid_configuration when it cannot be).</summary>
    public static async Task<IBlobStore> CreateAsync(Func<string, string?> getVariable, string fileSystemRoot, CancellationToken cancellationToken)
    {
        var gcs = GcsBlobStoreOptions.FromEnvironment(getVariable);
        if (string.IsNullOrWhiteSpace(gcs.Bucket))
            return new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = fileSystemRoot });
        return await GcsBlobStore.CreateAsync(gcs, cancellationToken);
    }
}
