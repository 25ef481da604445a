namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// The control plane's source of truth. Two backends share one schema: SQLite (embedded default)
/// and PostgreSQL (cluster). Every method that reads or writes tenant data takes the tenant id and
/// filters by it: a caller can never reach another tenant's rows through this interface.
/// Timestamps are UTC. Uniqueness violations throw <see cref="AlreadyExistsException"/> with a
/// stable code; nothing is left half-written.
/// </summary>
public interface IMetadataStore : IAsyncDisposable
{
    /// <summary>Applies pending schema migrations; idempotent and safe when several nodes start at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Throws <see cref="PlatformException"/> (metadata_store_unavailable) when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    // ---- tenants -------------------------------------------------------------------------

    /// <summary>Inserts the tenant and its first admin key in one transaction. Duplicate slug: tenant_exists.</summary>
    Task CreateTenantAsync(TenantRecord tenant, ApiKeyRecord initialAdminKey, CancellationToken cancellationToken);
    Task<TenantRecord?> GetTenantAsync(Guid tenantId, CancellationToken cancellationToken);
    Task<TenantRecord?> GetTenantBySlugAsync(string slug, CancellationToken cancellationToken);
    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);
    /// <summary>Returns false when the tenant does not exist.</summary>
    Task<bool> UpdateTenantSettingsAsync(Guid tenantId, TenantSettings settings, CancellationToken cancellationToken);

    // ---- API keys ------------------------------------------------------------------------

    Task InsertApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);
    /// <summary>Looks a key up by its hash (revoked keys included: the caller checks RevokedAt).</summary>
    Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken);
    /// <summary>Keys of one tenant, or the platform admin keys when <paramref name="tenantId"/> is null.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(Guid? tenantId, CancellationToken cancellationToken);
    /// <summary>Revokes the key if it belongs to that scope (tenant, or platform when null); false if not found.</summary>
    Task<bool> RevokeApiKeyAsync(Guid? tenantId, Guid keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    // ---- platform settings ---------------------------------------------------------------

    Task<string?> GetPlatformSettingAsync(string key, CancellationToken cancellationToken);
    Task SetPlatformSettingAsync(string key, string value, CancellationToken cancellationToken);
    /// <summary>Sets the value only if the key is absent; true if this call set it (first writer wins across nodes).</summary>
    Task<bool> TryAddPlatformSettingAsync(string key, string value, CancellationToken cancellationToken);

    // ---- extensions and versions ---------------------------------------------------------

    /// <summary>
    /// Returns the tenant's extension with candidate.Slug, creating it from <paramref name="candidate"/>
    /// if absent (race-safe: concurrent callers all get the same row).
    /// </summary>
    Task<ExtensionRecord> GetOrCreateExtensionAsync(ExtensionRecord candidate, CancellationToken cancellationToken);
    Task<ExtensionRecord?> GetExtensionAsync(Guid tenantId, string slug, CancellationToken cancellationToken);
    Task<IReadOnlyList<ExtensionRecord>> ListExtensionsAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts an immutable version. Same (extension, version) already there: <see cref="AlreadyExistsException"/>
    /// with code version_exists (of N concurrent inserts exactly one succeeds). Extension not found for
    /// version.TenantId: <see cref="NotFoundException"/>.
    /// </summary>
    Task InsertVersionAsync(ExtensionVersionRecord version, CancellationToken cancellationToken);
    Task<ExtensionVersionRecord?> GetVersionAsync(Guid tenantId, string extensionSlug, string version, CancellationToken cancellationToken);
    /// <summary>Versions of one extension, oldest first; empty when the extension does not exist.</summary>
    Task<IReadOnlyList<ExtensionVersionRecord>> ListVersionsAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken);
    /// <summary>Every version of every extension of the tenant, oldest first (one query for listings).</summary>
    Task<IReadOnlyList<ExtensionVersionRecord>> ListTenantVersionsAsync(Guid tenantId, CancellationToken cancellationToken);

    // ---- publisher keys ------------------------------------------------------------------

    /// <summary>Duplicate (tenant, key id): <see cref="AlreadyExistsException"/> publisher_key_exists.</summary>
    Task AddPublisherKeyAsync(PublisherKeyRecord key, CancellationToken cancellationToken);
    Task<PublisherKeyRecord?> GetPublisherKeyAsync(Guid tenantId, string keyId, CancellationToken cancellationToken);
    Task<IReadOnlyList<PublisherKeyRecord>> ListPublisherKeysAsync(Guid tenantId, CancellationToken cancellationToken);
    Task<bool> DeletePublisherKeyAsync(Guid tenantId, string keyId, CancellationToken cancellationToken);

    // ---- audit ---------------------------------------------------------------------------

    /// <summary>Appends a record (its Id is ignored) and returns it with the id the store assigned.</summary>
    Task<AuditRecord> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Appends several records in one transaction, in order: all of them or none.</summary>
    Task AppendAuditBatchAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
    /// <summary>
    /// Records of one tenant (or platform-level records when <paramref name="tenantId"/> is null),
    /// newest first, with Id &lt; <paramref name="beforeId"/> when given; at most <paramref name="limit"/>.
    /// </summary>
    Task<AuditRecordPage> ListAuditAsync(Guid? tenantId, long? beforeId, int limit, CancellationToken cancellationToken);
}
