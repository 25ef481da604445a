namespace Selegic.Extensions.Platform.Storage;

public enum ApiKeyRole
{
    /// <summary>Manages the platform (creates tenants); has no tenant.</summary>
    PlatformAdmin,
    /// <summary>Administers exactly one tenant.</summary>
    TenantAdmin,
}

/// <summary>
/// A stored API key. Only the hash of the key is kept; <see cref="DisplayPrefix"/> is the first
/// few characters so people can tell keys apart in listings.
/// Invariant (enforced by the schema): PlatformAdmin has no tenant, TenantAdmin has one.
/// </summary>
public sealed record ApiKeyRecord(
    Guid Id,
    Guid? TenantId,
    ApiKeyRole Role,
    string KeyHash,
    string DisplayPrefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
