using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Maintenance;

/// <summary>What one maintenance run did.</summary>
public sealed record MaintenanceResult(int RevocationsPruned, int InstallationsPurged);

/// <summary>
/// The periodic work (run by the cluster's maintenance grain on its reminder): deletes revocations no
/// token can outlive any more (every node's deny set drops them on its own), and purges the action
/// storage and logs of installations uninstalled longer ago than the retention, auditing each purge.
/// Nothing else is deleted: installation rows, audit, versions and bundles stay. Safe to run twice.
/// </summary>
public sealed class ControlPlaneMaintenance(IInstallationStore installations, AuditLog audit, MaintenanceOptions options, TimeProvider time)
{
    public const string Actor = "platform:maintenance";
    private const int PurgeBatch = 100;

    public async Task<MaintenanceResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A deny-set entry lives until its expiry plus the validator's clock skew (RevocationList).
        var pruned = await installations.PruneRevocationsAsync(now - TokenDefaults.ClockSkew, cancellationToken);
        var purged = 0;
        while (true)
        {
            var batch = await installations.PurgeUninstalledAsync(now - options.UninstalledRetention, now, PurgeBatch, cancellationToken);
            foreach (var installation in batch)
            {
                var detail = JsonSerializer.Serialize(new { extension = installation.ExtensionSlug, uninstalledAt = installation.UninstalledAt,
                    retentionDays = options.UninstalledRetentionDays, purged = new[] { "storage", "logs" } });
                await audit.RecordAsync(new AuditEvent(installation.TenantId, Actor, InstallationAuditActions.Purge, $"installation:{installation.Id}",
                    AuditOutcome.Success, installation.ContentHash, detail), cancellationToken);
            }
            purged += batch.Count;
            if (batch.Count < PurgeBatch)
                return new MaintenanceResult(pruned, purged);
        }
    }
}
