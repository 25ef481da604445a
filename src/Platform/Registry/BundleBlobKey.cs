using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>Where a bundle's bytes live in the blob store: addressed by their content hash.</summary>
public static class BundleBlobKey
{
    /// <summary>"bundles/sha256/&lt;hex&gt;.tar.gz" for a content hash "sha256:&lt;hex&gt;".</summary>
    public static string For(string contentHash)
    {
        if (!contentHash.StartsWith(ContentHash.Prefix, StringComparison.Ordinal))
            throw new ArgumentException($"'{contentHash}' is not a content hash.", nameof(contentHash));
        return $"bundles/sha256/{contentHash[ContentHash.Prefix.Length..]}.tar.gz";
    }
}
