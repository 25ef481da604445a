namespace Selegic.Extensions.Platform.Actions.Data;

/// <summary>A stored value of <c>storage.*</c>: JSON text, its UTF-8 size counted against the quota.</summary>
public sealed record StoredValue(string Key, string ValueJson, long Size, DateTimeOffset UpdatedAt);

/// <summary>Caps on one installation's storage namespace.</summary>
public sealed record StorageQuota(int MaxKeys, long MaxTotalBytes);

/// <summary>An installation's current storage use.</summary>
public sealed record StorageUsage(long KeyCount, long TotalBytes);

/// <summary>Keys in order; <see cref="NextAfterKey"/> is the last key of this page when more follow.</summary>
public sealed record StorageKeyPage(IReadOnlyList<string> Keys, string? NextAfterKey);

/// <summary>
/// One line of an installation's log: written by <c>log.emit</c> (source <see cref="InstallationLogSources.Action"/>)
/// or logged by the handler itself through <c>scrm.log</c> or WASI output (<see cref="InstallationLogSources.Handler"/>).
/// </summary>
public sealed record InstallationLogEntry(
    long Id,
    Guid TenantId,
    Guid InstallationId,
    string Level,
    string Message,
    string? FieldsJson,
    string? User,
    DateTimeOffset CreatedAt,
    string Source = InstallationLogSources.Action);

/// <summary>Who wrote an installation log line (the <c>source</c> column; never rename a value).</summary>
public static class InstallationLogSources
{
    /// <summary>The <c>log.emit</c> action.</summary>
    public const string Action = "action";
    /// <summary>The handler's own lines (scrm.log, WASI stdout/stderr) and the gateway's line for its failed execution.</summary>
    public const string Handler = "handler";
}

/// <summary>Log entries newest first; <see cref="NextBeforeId"/> continues with older ones.</summary>
public sealed record InstallationLogPage(IReadOnlyList<InstallationLogEntry> Entries, long? NextBeforeId);

/// <summary>
/// An action a tenant's CRM backend registered. <see cref="SealedSigningSecret"/> is the HMAC key
/// sealed at rest; only the forwarder unseals it.
/// </summary>
public sealed record HostActionRecord(
    Guid TenantId,
    string Name,
    string Description,
    string Capability,
    string InputSchemaJson,
    string CallbackUrl,
    string SealedSigningSecret,
    int TimeoutMilliseconds,
    bool Mutating,
    DateTimeOffset UpdatedAt);
