using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>Who an API key belongs to: the platform admin, or the admin of one tenant.</summary>
public sealed record Principal(Guid KeyId, ApiKeyRole Role, Guid? TenantId)
{
    public bool IsPlatformAdmin => Role == ApiKeyRole.PlatformAdmin;

    /// <summary>True only for the admin of exactly that tenant (the platform admin does not manage tenant content).</summary>
    public bool IsAdminOf(Guid tenantId) => Role == ApiKeyRole.TenantAdmin && TenantId == tenantId;

    /// <summary>A stable actor name for audit records, e.g. "key:3f2c...".</summary>
    public string ActorName => $"{(IsPlatformAdmin ? "platform-admin" : "tenant-admin")}:{KeyId:N}";
}
