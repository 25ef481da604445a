namespace Selegic.Extensions.Platform.Storage;

public sealed record TenantRecord(Guid Id, string Slug, TenantSettings Settings, DateTimeOffset CreatedAt);

/// <summary>Per-tenant settings, stored as one JSON document so new settings need no migration.</summary>
public sealed record TenantSettings(bool RequireSignatures = false)
{
    public static TenantSettings Default { get; } = new();
}
