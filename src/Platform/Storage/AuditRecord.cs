namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// One audit entry. TenantId is null for platform-level events (e.g. a refused tenant creation).
/// Id is assigned by the store on append (pass 0) and orders records: higher is newer.
/// </summary>
public sealed record AuditRecord(
    long Id,
    Guid? TenantId,
    string Actor,
    string Action,
    string Target,
    AuditOutcome Outcome,
    string? ContentHash,
    string? DetailJson,
    DateTimeOffset CreatedAt);

/// <summary>Success, or failure with the stable error code of the refusal.</summary>
public sealed record AuditOutcome(bool Succeeded, string? ErrorCode)
{
    public static AuditOutcome Success { get; } = new(true, null);
    public static AuditOutcome Failure(string errorCode) => new(false, errorCode);
}

/// <summary>A page of audit records, newest first; pass <see cref="NextBeforeId"/> to get the next (older) page.</summary>
public sealed record AuditRecordPage(IReadOnlyList<AuditRecord> Records, long? NextBeforeId);
