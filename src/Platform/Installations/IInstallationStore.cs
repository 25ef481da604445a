using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// Installations and token revocations in the metadata store (schema migration 2), implemented by
/// both backends. Writers announce each committed write to every node (<see cref="Changes.IChangePublisher"/>).
/// Tenant-scoped like <see cref="Storage.IMetadataStore"/>.
/// </summary>
public interface IInstallationStore
{
    /// <summary>Active installation of the same (tenant, extension) exists: AlreadyExistsException installation_exists.</summary>
    Task InsertInstallationAsync(InstallationRecord installation, CancellationToken cancellationToken);

    /// <summary>An active installation, or null (uninstalled ones and other tenants' ids find nothing).</summary>
    Task<InstallationRecord?> GetInstallationAsync(Guid tenantId, Guid installationId, CancellationToken cancellationToken);

    Task<InstallationRecord?> GetActiveInstallationAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken);

    /// <summary>Active installations of one tenant, by extension slug.</summary>
    Task<IReadOnlyList<InstallationRecord>> ListInstallationsAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="updated"/> (Revision must be expectedRevision + 1) if the stored row still
    /// has <paramref name="expectedRevision"/> and is active; false otherwise (nothing written).
    /// </summary>
    Task<bool> UpdateInstallationAsync(InstallationRecord updated, long expectedRevision, CancellationToken cancellationToken);

    /// <summary>Records a revoked jti (idempotent).</summary>
    Task RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken);

    /// <summary>Revocations whose tokens can still be alive at <paramref name="now"/>; older ones are deleted.</summary>
    Task<IReadOnlyList<TokenRevocation>> LoadLiveRevocationsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes revocations whose tokens expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneRevocationsAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> installations uninstalled before <paramref name="uninstalledBefore"/> and not
    /// purged yet: deletes their action storage (values and usage) and logs and marks them purged, each in one
    /// transaction. The installation rows, audit and everything else stay. Returns the purged installations.
    /// </summary>
    Task<IReadOnlyList<InstallationRecord>> PurgeUninstalledAsync(DateTimeOffset uninstalledBefore, DateTimeOffset purgedAt, int limit,
        CancellationToken cancellationToken);
}
