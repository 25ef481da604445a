namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// Read-through cache of installation state, kept on every node and invalidated by the change
/// pushes every node receives (Changes). Lookups are tenant-scoped: another tenant's installation id finds nothing.
/// Uninstalled installations are not returned.
/// </summary>
public interface IInstallationDirectory
{
    ValueTask<InstallationRecord?> FindAsync(Guid tenantId, Guid installationId, CancellationToken cancellationToken);

    ValueTask<InstallationRecord?> FindByExtensionAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken);
}
