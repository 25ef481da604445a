using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>Resolves a presented API key to its principal.</summary>
public sealed class ApiKeyAuthenticator(IMetadataStore store)
{
    /// <summary>The key's principal, or null when the key is unknown, revoked or malformed.</summary>
    public async Task<Principal?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 512)
            return null;
        var hash = ApiKeys.Hash(presentedKey);
        var record = await store.FindApiKeyByHashAsync(hash, cancellationToken);
        // The lookup is by an index on the hash; compare again in constant time so the decision
        // never rests on a database collation or a short-circuiting comparison.
        if (record is null || record.IsRevoked || !ApiKeys.HashesEqual(record.KeyHash, hash))
            return null;
        return new Principal(record.Id, record.Role, record.TenantId);
    }
}
