using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// Where a bundle's bytes live in the blob store: under their tenant, addressed by content hash.
/// Scoping by tenant keeps tenants' storage apart and makes cleanup after a lost race safe: within
/// one tenant, identical bytes mean an identical manifest, hence the same extension version row.
/// </summary>
public static class BundleBlobKey
{
    /// <summary>"tenants/&lt;tenant id&gt;/bundles/sha256/&lt;hex&gt;.tar.gz" for a content hash "sha256:&lt;hex&gt;".</summary>
    public static string For(Guid tenantId, string contentHash)
    {
        if (!contentHash.StartsWith(ContentHash.Prefix, StringComparison.Ordinal))
            throw new ArgumentException($"'{contentHash}' is not a content hash.", nameof(contentHash));
        return $"tenants/{tenantId:N}/bundles/sha256/{contentHash[ContentHash.Prefix.Length..]}.tar.gz";
    }
}
