using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Audit;

/// <summary>
/// What happened, as the caller describes it; the audit log adds the id, and the time unless
/// <see cref="OccurredAt"/> gives it (writers that queue events record when they happened, not when they were written).
/// Action names are dotted verbs, e.g. "extension.publish", "tenant.create", "publisher_key.add".
/// </summary>
public sealed record AuditEvent(
    Guid? TenantId,
    string Actor,
    string Action,
    string Target,
    AuditOutcome Outcome,
    string? ContentHash = null,
    string? DetailJson = null,
    DateTimeOffset? OccurredAt = null);

/// <summary>A page of audit records, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, string? NextCursor);
