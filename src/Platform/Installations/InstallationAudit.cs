using Selegic.Extensions.Contracts.Api;
using System.Text.Json;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>Runs one installation operation and audits its outcome exactly once: the resulting state, or the refusal's code (never a secret value).</summary>
public sealed class InstallationAudit(AuditLog audit)
{
    public async Task<InstallationRecord> RunAsync(Guid tenantId, string actor, string action, string target,
        Func<Task<InstallationRecord>> work, CancellationToken cancellationToken, object? detail = null)
    {
        InstallationRecord result;
        try
        {
            result = await work();
        }
        catch (Exception refusal) when (RefusalCode.Of(refusal) is { } code)
        {
            await audit.RecordRefusalAsync(tenantId, actor, action, target, code, refusal, cancellationToken);
            throw;
        }
        var summary = new
        {
            extension = result.ExtensionSlug,
            version = result.Version,
            grants = result.Grants,
            enabled = result.Enabled,
            epoch = result.Epoch,
            secretNames = result.SealedSecrets.Keys.Order(StringComparer.Ordinal),
            detail,
        };
        await audit.RecordAsync(new AuditEvent(tenantId, actor, action, $"installation:{result.Id}", AuditOutcome.Success,
            result.ContentHash, JsonSerializer.Serialize(summary)), cancellationToken);
        return result;
    }

    /// <summary>Audits a refusal decided before the operation reached its writer (no body, bad slug, unknown installation), then throws it.</summary>
    public async Task<InstallationRecord> RefuseAsync(Guid tenantId, string actor, string action, string target, PlatformException refusal,
        CancellationToken cancellationToken) =>
        await RunAsync(tenantId, actor, action, target, () => throw refusal, cancellationToken);

    public static string Action(InstallationOperation operation) => operation switch
    {
        InstallationOperation.Install => InstallationAuditActions.Install,
        InstallationOperation.Enable => InstallationAuditActions.Enable,
        InstallationOperation.Disable => InstallationAuditActions.Disable,
        InstallationOperation.ChangeVersion => InstallationAuditActions.ChangeVersion,
        InstallationOperation.ChangeGrants => InstallationAuditActions.ChangeGrants,
        InstallationOperation.SetConfig => InstallationAuditActions.SetConfig,
        InstallationOperation.SetSecrets => InstallationAuditActions.SetSecrets,
        InstallationOperation.Uninstall => InstallationAuditActions.Uninstall,
        InstallationOperation.RevokeAllTokens => InstallationAuditActions.RevokeAllTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown installation operation"),
    };

    /// <summary>The audit target: the requested extension@version for an install, the installation otherwise.</summary>
    public static string Target(InstallationChange change) => change.Operation == InstallationOperation.Install
        ? $"{change.Extension}@{change.Version}"
        : $"installation:{change.InstallationId}";
}
