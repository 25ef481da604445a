using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Platform.Tests.Support;

/// <summary>Builders for records with unique values, so tests never collide on slugs or hashes.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    public static string Slug(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static (TenantRecord Tenant, ApiKeyRecord Key, string PlainKey) Tenant(string? slug = null)
    {
        var tenant = new TenantRecord(Guid.NewGuid(), slug ?? Slug(), TenantSettings.Default, Now);
        var plain = ApiKeys.Generate();
        var key = new ApiKeyRecord(Guid.NewGuid(), tenant.Id, ApiKeyRole.TenantAdmin, ApiKeys.Hash(plain), ApiKeys.DisplayPrefix(plain), Now);
        return (tenant, key, plain);
    }

    public static ExtensionRecord Extension(Guid tenantId, string? slug = null) =>
        new(Guid.NewGuid(), tenantId, slug ?? Slug("ext"), "Vacation trip", "Plans trips", "Acme", Now);

    public static ExtensionVersionRecord Version(ExtensionRecord extension, string version = "1.0.0", VersionSignature? signature = null) =>
        new(Guid.NewGuid(), extension.TenantId, extension.Id, version, "sha256:" + new string('a', 64), 1234,
            """{"slug":"vacation-trip","version":"1.0.0","name":"Vacation trip"}""", signature, "tenant-admin:k1", Now);

    public static AuditRecord Audit(Guid? tenantId, string action = "extension.publish", AuditOutcome? outcome = null) =>
        new(0, tenantId, "tenant-admin:k1", action, "vacation-trip@1.0.0", outcome ?? AuditOutcome.Success,
            "sha256:" + new string('b', 64), """{"size":1234}""", Now);
}
