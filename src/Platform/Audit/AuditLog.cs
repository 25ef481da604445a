using System.Globalization;
using System.Text.Json;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Audit;

/// <summary>Writes and reads audit records. Cursors are opaque strings to callers.</summary>
public sealed class AuditLog(IMetadataStore store, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const int MaxFieldLength = 512;

    public Task<AuditRecord> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(ToRecord(auditEvent), cancellationToken);

    /// <summary>Records a refusal: failure with its code, and the refusal's message (meant for users) as detail.</summary>
    public Task<AuditRecord> RecordRefusalAsync(Guid? tenantId, string actor, string action, string target, string code, Exception refusal,
        CancellationToken cancellationToken, string? contentHash = null) =>
        RecordAsync(new AuditEvent(tenantId, actor, action, target, AuditOutcome.Failure(code), contentHash,
            JsonSerializer.Serialize(new { message = refusal.Message })), cancellationToken);

    /// <summary>Several events in one store transaction (for high-volume writers such as the gateway): all or none.</summary>
    public Task RecordBatchAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken) =>
        store.AppendAuditBatchAsync(auditEvents.Select(ToRecord).ToList(), cancellationToken);

    private AuditRecord ToRecord(AuditEvent auditEvent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Action);
        if (auditEvent.DetailJson is not null && !IsJson(auditEvent.DetailJson))
            throw new ArgumentException("DetailJson must be a JSON document.", nameof(auditEvent));
        return new AuditRecord(0, auditEvent.TenantId, Clip(auditEvent.Actor), Clip(auditEvent.Action),
            Clip(auditEvent.Target), auditEvent.Outcome, auditEvent.ContentHash, auditEvent.DetailJson, auditEvent.OccurredAt ?? time.GetUtcNow());
    }

    /// <summary>
    /// One page of a tenant's records (platform-level ones when <paramref name="tenantId"/> is null),
    /// newest first. A malformed cursor: invalid_cursor; a limit outside 1..<see cref="MaxPageSize"/>: invalid_limit.
    /// </summary>
    public async Task<AuditPage> ListAsync(Guid? tenantId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var request = PageRequest.Parse(cursor, limit, DefaultPageSize, MaxPageSize, PlatformErrorCodes.InvalidCursor);
        var page = await store.ListAuditAsync(tenantId, request.BeforeId, request.Size, cancellationToken);
        return new AuditPage(page.Records, page.NextBeforeId?.ToString(CultureInfo.InvariantCulture));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Clip(string value) => value.Length <= MaxFieldLength ? value : value[..MaxFieldLength];
}
