using System.Text.Json;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// The installation operations themselves, run by the single writer of one (tenant, extension) (the
/// Installation grain). Every change is checked before anything is written, written in one statement
/// (optimistic revision check: the backstop for the short time two writers can exist during a
/// membership change), announced to every node and audited once (success or refusal with its code).
/// </summary>
public sealed class StoreInstallationWriter(
    IMetadataStore store,
    IInstallationStore installations,
    IChangePublisher changes,
    SecretSealer sealer,
    InstallationAudit audit,
    TimeProvider time) : IInstallationWriter
{
    private const int UpdateAttempts = 3;

    public Task<InstallationRecord> ApplyAsync(InstallationChange change, CancellationToken cancellationToken) =>
        audit.RunAsync(change.TenantId, change.Actor, InstallationAudit.Action(change.Operation), InstallationAudit.Target(change),
            () => change.Operation switch
            {
                InstallationOperation.Install => InstallAsync(change, cancellationToken),
                InstallationOperation.Enable => UpdateAsync(change, bumpEpoch: false, current => Task.FromResult(current with { Enabled = true }), cancellationToken),
                // Disabling also revokes every token of the installation (epoch bump).
                InstallationOperation.Disable => UpdateAsync(change, bumpEpoch: true, current => Task.FromResult(current with { Enabled = false }), cancellationToken),
                InstallationOperation.ChangeVersion => UpdateAsync(change, bumpEpoch: true, current => ChangeVersionAsync(change, current, cancellationToken), cancellationToken),
                InstallationOperation.ChangeGrants => UpdateAsync(change, bumpEpoch: true, current => ChangeGrantsAsync(change, current, cancellationToken), cancellationToken),
                InstallationOperation.SetConfig => UpdateAsync(change, bumpEpoch: false, current => Task.FromResult(SetConfig(change, current)), cancellationToken),
                InstallationOperation.SetSecrets => UpdateAsync(change, bumpEpoch: false, current => Task.FromResult(SetSecrets(change, current)), cancellationToken),
                // The row stays, inactive, for history (purged of storage and logs after the retention); every token is revoked.
                InstallationOperation.Uninstall => UpdateAsync(change, bumpEpoch: true, current => Task.FromResult(current with { Enabled = false, UninstalledAt = Now() }), cancellationToken),
                InstallationOperation.RevokeAllTokens => UpdateAsync(change, bumpEpoch: true, Task.FromResult, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(change), change.Operation, "unknown installation operation"),
            }, cancellationToken);

    private async Task<InstallationRecord> InstallAsync(InstallationChange change, CancellationToken cancellationToken)
    {
        var (version, manifest) = await LoadVersionAsync(change, change.Extension, RequireText(change.Version, "version"), cancellationToken);
        var grants = InstallationRules.CheckGrants(change.Grants, manifest);
        var config = InstallationRules.CheckConfig(ConfigOf(change));
        var secrets = InstallationRules.CheckSecrets(change.Secrets);

        var now = Now();
        var id = Guid.NewGuid();
        var installation = new InstallationRecord(id, change.TenantId, version.ExtensionId, change.Extension, version.Version, version.ContentHash,
            grants, config, Seal(change.TenantId, id, secrets), Enabled: true, Epoch: 1, Revision: 1, now, now, UninstalledAt: null);
        await installations.InsertInstallationAsync(installation, cancellationToken);
        await changes.PublishAsync(Changed(installation));
        return installation;
    }

    /// <summary>Upgrade or rollback; grants re-checked against the target version. Revokes existing tokens (they name the old version).</summary>
    private async Task<InstallationRecord> ChangeVersionAsync(InstallationChange change, InstallationRecord current, CancellationToken cancellationToken)
    {
        var (version, manifest) = await LoadVersionAsync(change, current.ExtensionSlug, RequireText(change.Version, "version"), cancellationToken);
        var grants = InstallationRules.CheckGrants(change.Grants ?? current.Grants, manifest);
        return current with { Version = version.Version, ContentHash = version.ContentHash, Grants = grants };
    }

    /// <summary>Replaces the grants. Revokes existing tokens (they carry the old grants).</summary>
    private async Task<InstallationRecord> ChangeGrantsAsync(InstallationChange change, InstallationRecord current, CancellationToken cancellationToken)
    {
        if (change.Grants is null)
            throw new PlatformException(ErrorCodes.GrantsInvalid, "grants is required (an array, possibly empty).");
        var (_, manifest) = await LoadVersionAsync(change, current.ExtensionSlug, current.Version, cancellationToken);
        return current with { Grants = InstallationRules.CheckGrants(change.Grants, manifest) };
    }

    private static InstallationRecord SetConfig(InstallationChange change, InstallationRecord current)
    {
        if (change.ConfigJson is null)
            throw new PlatformException(ErrorCodes.ConfigInvalid, "config is required (a JSON object).");
        return current with { ConfigJson = InstallationRules.CheckConfig(ConfigOf(change)) };
    }

    /// <summary>Replaces the whole set of secrets, sealed under the current key (rotation).</summary>
    private InstallationRecord SetSecrets(InstallationChange change, InstallationRecord current)
    {
        if (change.Secrets is null)
            throw new PlatformException(ErrorCodes.SecretsInvalid, "secrets is required (an object of name to value, possibly empty).");
        var secrets = InstallationRules.CheckSecrets(change.Secrets);
        return current with { SealedSecrets = Seal(change.TenantId, current.Id, secrets) };
    }

    private async Task<InstallationRecord> UpdateAsync(InstallationChange change, bool bumpEpoch,
        Func<InstallationRecord, Task<InstallationRecord>> apply, CancellationToken cancellationToken)
    {
        var id = change.InstallationId ?? throw new ArgumentException("an update names its installation", nameof(change));
        for (var attempt = 0; attempt < UpdateAttempts; attempt++)
        {
            var current = await installations.GetInstallationAsync(change.TenantId, id, cancellationToken);
            if (current is null || !current.ExtensionSlug.Equals(change.Extension, StringComparison.Ordinal))
                throw InstallationErrors.NotFound(change.TenantSlug, id);
            var next = await apply(current) with
            {
                Revision = current.Revision + 1,
                Epoch = bumpEpoch ? current.Epoch + 1 : current.Epoch,
                UpdatedAt = Now(),
            };
            if (await installations.UpdateInstallationAsync(next, current.Revision, cancellationToken))
            {
                await changes.PublishAsync(Changed(next));
                return next;
            }
        }
        throw new AlreadyExistsException(ErrorCodes.InstallationConflict, $"Installation {id} kept changing concurrently; read it again and retry.");
    }

    private async Task<(ExtensionVersionRecord Version, ExtensionManifest Manifest)> LoadVersionAsync(InstallationChange change, string slug, string version,
        CancellationToken cancellationToken)
    {
        var record = await store.GetVersionAsync(change.TenantId, slug, version, cancellationToken)
            ?? throw new NotFoundException(ErrorCodes.VersionNotFound, $"Tenant '{change.TenantSlug}' has no published version {slug}@{version}.");
        return (record, ManifestParser.Parse(record.ManifestJson));
    }

    private static JsonElement? ConfigOf(InstallationChange change)
    {
        if (change.ConfigJson is null)
            return null;
        using var document = JsonDocument.Parse(change.ConfigJson);
        return document.RootElement.Clone();
    }

    private IReadOnlyDictionary<string, string> Seal(Guid tenantId, Guid installationId, IReadOnlyDictionary<string, string> secrets) =>
        secrets.ToDictionary(s => s.Key, s => sealer.Seal(s.Value, new SecretContext(tenantId, installationId, s.Key)), StringComparer.Ordinal);

    /// <summary>UTC now at the stores' precision (microseconds), so an answer equals what a later read returns.</summary>
    private DateTimeOffset Now() => SqlMetadataStore.StorageTime(time.GetUtcNow());

    private static ChangeNotice Changed(InstallationRecord installation) =>
        new(ChangeKind.InstallationChanged, installation.TenantId, installation.Id, installation.ExtensionSlug);

    internal static string RequireText(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new PlatformException(ErrorCodes.ValidationFailed, $"{field} is required.") : value;
}
