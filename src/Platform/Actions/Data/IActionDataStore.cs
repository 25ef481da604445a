namespace Selegic.Extensions.Platform.Actions.Data;

/// <summary>
/// The Action API's tables (migration 3): per-installation key-value storage with quotas, the
/// per-installation log, and host-action registrations. Every method takes the tenant id and filters
/// by it as well as by the installation, so no call can reach another tenant's rows.
/// Implemented for SQLite and PostgreSQL.
/// </summary>
public interface IActionDataStore
{
    Task<StoredValue?> GetValueAsync(Guid tenantId, Guid installationId, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces a value; refuses with storage_quota_exceeded (nothing written) when the
    /// key count or total size would pass <paramref name="quota"/>. Concurrent puts cannot overshoot.
    /// </summary>
    Task<StorageUsage> PutValueAsync(Guid tenantId, Guid installationId, string key, string valueJson, StorageQuota quota,
        DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>False when the key did not exist.</summary>
    Task<bool> DeleteValueAsync(Guid tenantId, Guid installationId, string key, CancellationToken cancellationToken);

    /// <summary>Keys starting with <paramref name="prefix"/>, ordinal order, after <paramref name="afterKey"/> when given.</summary>
    Task<StorageKeyPage> ListKeysAsync(Guid tenantId, Guid installationId, string prefix, string? afterKey, int limit,
        CancellationToken cancellationToken);

    /// <summary>Appends an entry (its Id is ignored) and drops the oldest beyond <paramref name="keepLast"/>.</summary>
    Task AppendLogAsync(InstallationLogEntry entry, int keepLast, CancellationToken cancellationToken);

    /// <summary>
    /// Appends entries of any installations in one transaction, in list order (Ids ignored), then drops
    /// each installation's oldest beyond <paramref name="keepLast"/>.
    /// </summary>
    Task AppendLogsAsync(IReadOnlyList<InstallationLogEntry> entries, int keepLast, CancellationToken cancellationToken);

    Task<InstallationLogPage> ListLogsAsync(Guid tenantId, Guid installationId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the tenant's action of that name.</summary>
    Task UpsertHostActionAsync(HostActionRecord record, CancellationToken cancellationToken);
    Task<HostActionRecord?> GetHostActionAsync(Guid tenantId, string name, CancellationToken cancellationToken);
    Task<IReadOnlyList<HostActionRecord>> ListHostActionsAsync(Guid tenantId, CancellationToken cancellationToken);
    Task<bool> DeleteHostActionAsync(Guid tenantId, string name, CancellationToken cancellationToken);
}
