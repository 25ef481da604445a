namespace Selegic.Extensions.Platform.Blobs;

public sealed class FileSystemBlobStoreOptions
{
    /// <summary>Directory that holds the blobs (created if missing), e.g. "./data/blobs".</summary>
    public string RootPath { get; set; } = "";
}
