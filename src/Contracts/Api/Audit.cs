namespace Selegic.Extensions.Contracts.Api;

/// <summary>One audit record in <c>GET /api/v1/tenants/{tenant}/audit</c> (newest first, paged).</summary>
/// <param name="Actor">who: e.g. <c>tenant-key:1a2b3c4d</c> or <c>platform-admin</c> (never a key itself)</param>
/// <param name="Action">what: e.g. <see cref="AuditActions.Publish"/></param>
/// <param name="Target">the object acted on, e.g. <c>vacation-trip@1.2.0</c></param>
/// <param name="Outcome"><see cref="AuditOutcomes.Success"/> or <see cref="AuditOutcomes.Failure"/></param>
/// <param name="ErrorCode">the refusal's code when the outcome is a failure</param>
public sealed record AuditRecordDto(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Target,
    string Outcome,
    string? ContentHash,
    string? ErrorCode,
    string? Detail);

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
}

public static class AuditActions
{
    public const string TenantCreate = "tenant.create";
    public const string Publish = "extension.publish";
    public const string PublisherKeyAdd = "publisher_key.add";
    public const string PublisherKeyRemove = "publisher_key.remove";
    public const string SettingsUpdate = "tenant.settings.update";
}
