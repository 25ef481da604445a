using System.Collections.Concurrent;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>
/// Resolves a presented API key to its principal. Keys that resolved are remembered for
/// <see cref="CacheLifetime"/>, so a client sending its key with every request costs one store
/// read per interval rather than one per request; a key revoked in the store (which only happens
/// when a node starts with a new EXTENSIONS_ADMIN_API_KEY) stops working everywhere within that time.
/// </summary>
public sealed class ApiKeyAuthenticator(IMetadataStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);
    /// <summary>Past this many remembered keys the memory starts over (only keys that exist get in).</summary>
    public const int MaxCachedKeys = 10_000;

    private readonly ConcurrentDictionary<string, (Principal Principal, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);

    /// <summary>The key's principal, or null when the key is unknown, revoked or malformed.</summary>
    public async Task<Principal?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken)
    {
        // A value with a dot is a token (header.payload.signature), never a key: no store read for it.
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 512 || presentedKey.Contains('.'))
            return null;
        var hash = ApiKeys.Hash(presentedKey);
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(hash, out var cached) && cached.Until > now)
            return cached.Principal;

        var record = await store.FindApiKeyByHashAsync(hash, cancellationToken);
        // The lookup is by an index on the hash; compare again in constant time so the decision
        // never rests on a database collation or a short-circuiting comparison.
        if (record is null || record.IsRevoked || !ApiKeys.HashesEqual(record.KeyHash, hash))
        {
            _recent.TryRemove(hash, out _);
            return null;
        }
        var principal = new Principal(record.Id, record.Role, record.TenantId);
        if (_recent.Count >= MaxCachedKeys)
            _recent.Clear();
        _recent[hash] = (principal, now + CacheLifetime);
        return principal;
    }
}
