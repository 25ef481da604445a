using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// A tenant admin's installations: install, enable/disable, change version or grants, set config,
/// rotate secrets, revoke tokens, uninstall. Every change is checked before anything is written,
/// written in one statement (optimistic revision check, retried on a race), announced to every node
/// and audited (success or refusal with its code; never a secret value).
/// </summary>
public sealed class InstallationService(
    IMetadataStore store,
    IInstallationStore installations,
    IChangePublisher changes,
    SecretSealer sealer,
    AuditLog audit,
    TimeProvider time)
{
    private const int UpdateAttempts = 3;

    public Task<InstallationRecord> InstallAsync(TenantRecord tenant, CreateInstallationRequest? request, string actor, CancellationToken cancellationToken) =>
        AuditedAsync(tenant, actor, InstallationAuditActions.Install, $"{request?.Extension}@{request?.Version}", async () =>
        {
            if (request is null)
                throw new PlatformException(ErrorCodes.ValidationFailed, "The body must be a JSON object with extension and version.");
            var slug = RequireText(request.Extension, "extension");
            if (Slug.Problem(slug) is { } slugProblem)
                throw new PlatformException(ErrorCodes.InvalidSlug, $"extension: {slugProblem}");
            var (version, manifest) = await LoadVersionAsync(tenant, slug, RequireText(request.Version, "version"), cancellationToken);
            var grants = InstallationRules.CheckGrants(request.Grants, manifest);
            var config = InstallationRules.CheckConfig(request.Config);
            var secrets = InstallationRules.CheckSecrets(request.Secrets);

            var now = Now();
            var id = Guid.NewGuid();
            var installation = new InstallationRecord(id, tenant.Id, version.ExtensionId, slug, version.Version, version.ContentHash,
                grants, config, Seal(tenant.Id, id, secrets), Enabled: true, Epoch: 1, Revision: 1, now, now, UninstalledAt: null);
            await installations.InsertInstallationAsync(installation, cancellationToken);
            await changes.PublishAsync(Changed(installation));
            return installation;
        }, cancellationToken);

    public async Task<IReadOnlyList<InstallationRecord>> ListAsync(TenantRecord tenant, CancellationToken cancellationToken) =>
        await installations.ListInstallationsAsync(tenant.Id, cancellationToken);

    public async Task<InstallationRecord> GetAsync(TenantRecord tenant, Guid id, CancellationToken cancellationToken) =>
        await installations.GetInstallationAsync(tenant.Id, id, cancellationToken) ?? throw InstallationErrors.NotFound(tenant, id);

    public Task<InstallationRecord> EnableAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.Enable, bumpEpoch: false,
            current => Task.FromResult(current with { Enabled = true }), cancellationToken);

    /// <summary>Disabling also revokes every token of the installation (epoch bump).</summary>
    public Task<InstallationRecord> DisableAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.Disable, bumpEpoch: true,
            current => Task.FromResult(current with { Enabled = false }), cancellationToken);

    /// <summary>Upgrade or rollback; grants re-checked against the target version. Revokes existing tokens (they name the old version).</summary>
    public Task<InstallationRecord> ChangeVersionAsync(TenantRecord tenant, Guid id, ChangeVersionRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.ChangeVersion, bumpEpoch: true, async current =>
        {
            var (version, manifest) = await LoadVersionAsync(tenant, current.ExtensionSlug, RequireText(request?.Version, "version"), cancellationToken);
            var grants = InstallationRules.CheckGrants(request?.Grants ?? current.Grants, manifest);
            return current with { Version = version.Version, ContentHash = version.ContentHash, Grants = grants };
        }, cancellationToken);

    /// <summary>Replaces the grants. Revokes existing tokens (they carry the old grants).</summary>
    public Task<InstallationRecord> ChangeGrantsAsync(TenantRecord tenant, Guid id, ChangeGrantsRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.ChangeGrants, bumpEpoch: true, async current =>
        {
            if (request?.Grants is null)
                throw new PlatformException(ErrorCodes.GrantsInvalid, "grants is required (an array, possibly empty).");
            var (_, manifest) = await LoadVersionAsync(tenant, current.ExtensionSlug, current.Version, cancellationToken);
            return current with { Grants = InstallationRules.CheckGrants(request.Grants, manifest) };
        }, cancellationToken);

    public Task<InstallationRecord> SetConfigAsync(TenantRecord tenant, Guid id, SetConfigRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.SetConfig, bumpEpoch: false, current =>
        {
            if (request?.Config is null)
                throw new PlatformException(ErrorCodes.ConfigInvalid, "config is required (a JSON object).");
            return Task.FromResult(current with { ConfigJson = InstallationRules.CheckConfig(request.Config) });
        }, cancellationToken);

    /// <summary>Replaces the whole set of secrets, sealed under the current key (rotation).</summary>
    public Task<InstallationRecord> SetSecretsAsync(TenantRecord tenant, Guid id, SetSecretsRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.SetSecrets, bumpEpoch: false, current =>
        {
            if (request?.Secrets is null)
                throw new PlatformException(ErrorCodes.SecretsInvalid, "secrets is required (an object of name to value, possibly empty).");
            var secrets = InstallationRules.CheckSecrets(request.Secrets);
            return Task.FromResult(current with { SealedSecrets = Seal(tenant.Id, current.Id, secrets) });
        }, cancellationToken);

    /// <summary>Uninstalls (the row stays, inactive, for history) and revokes every token of the installation.</summary>
    public Task<InstallationRecord> UninstallAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.Uninstall, bumpEpoch: true,
            current => Task.FromResult(current with { Enabled = false, UninstalledAt = Now() }), cancellationToken);

    /// <summary>Revokes all tokens minted so far for the installation by bumping its epoch.</summary>
    public Task<InstallationRecord> RevokeAllTokensAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationAuditActions.RevokeAllTokens, bumpEpoch: true, Task.FromResult, cancellationToken);

    /// <summary>
    /// Revokes one token id of the installation. Tokens are not stored, so the revocation is kept for
    /// the longest possible token lifetime; it applies to this installation's tokens only.
    /// </summary>
    public Task<InstallationRecord> RevokeTokenAsync(TenantRecord tenant, Guid id, string? jti, string actor, CancellationToken cancellationToken) =>
        AuditedAsync(tenant, actor, InstallationAuditActions.RevokeToken, $"installation:{id}", async () =>
        {
            if (string.IsNullOrWhiteSpace(jti) || jti.Length > TokenDefaults.MaxJtiLength || jti.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
                throw new PlatformException(ErrorCodes.JtiInvalid, $"jti must be 1-{TokenDefaults.MaxJtiLength} printable characters without spaces.");
            var installation = await GetAsync(tenant, id, cancellationToken);
            var now = Now();
            var revocation = new TokenRevocation(tenant.Id, id, jti, now + TokenDefaults.MaxTtl + TokenDefaults.ClockSkew, now);
            await installations.RevokeTokenAsync(revocation, cancellationToken);
            await changes.PublishAsync(new ChangeNotice(ChangeKind.TokenRevoked, tenant.Id, id, Jti: jti, ExpiresAt: revocation.ExpiresAt));
            return installation;
        }, cancellationToken, detail: new { jti });

    public static InstallationDto ToDto(InstallationRecord installation)
    {
        using var config = JsonDocument.Parse(installation.ConfigJson);
        return new InstallationDto(installation.Id, installation.ExtensionSlug, installation.Version, installation.ContentHash,
            installation.Grants, config.RootElement.Clone(), installation.SealedSecrets.Keys.Order(StringComparer.Ordinal).ToList(),
            installation.Enabled, installation.Epoch, installation.CreatedAt, installation.UpdatedAt);
    }

    private async Task<InstallationRecord> ChangeAsync(TenantRecord tenant, Guid id, string actor, string action, bool bumpEpoch,
        Func<InstallationRecord, Task<InstallationRecord>> change, CancellationToken cancellationToken) =>
        await AuditedAsync(tenant, actor, action, $"installation:{id}", async () =>
        {
            for (var attempt = 0; attempt < UpdateAttempts; attempt++)
            {
                var current = await GetAsync(tenant, id, cancellationToken);
                var next = await change(current) with
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
        }, cancellationToken);

    private async Task<InstallationRecord> AuditedAsync(TenantRecord tenant, string actor, string action, string target,
        Func<Task<InstallationRecord>> work, CancellationToken cancellationToken, object? detail = null)
    {
        InstallationRecord result;
        try
        {
            result = await work();
        }
        catch (Exception refusal) when (RefusalCode.Of(refusal) is { } code)
        {
            await audit.RecordRefusalAsync(tenant.Id, actor, action, target, code, refusal, cancellationToken);
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
        await audit.RecordAsync(new AuditEvent(tenant.Id, actor, action, $"installation:{result.Id}", AuditOutcome.Success,
            result.ContentHash, JsonSerializer.Serialize(summary)), cancellationToken);
        return result;
    }

    private async Task<(ExtensionVersionRecord Version, ExtensionManifest Manifest)> LoadVersionAsync(TenantRecord tenant, string slug, string version,
        CancellationToken cancellationToken)
    {
        var record = await store.GetVersionAsync(tenant.Id, slug, version, cancellationToken)
            ?? throw new NotFoundException(ErrorCodes.VersionNotFound, $"Tenant '{tenant.Slug}' has no published version {slug}@{version}.");
        return (record, ManifestParser.Parse(record.ManifestJson));
    }

    private IReadOnlyDictionary<string, string> Seal(Guid tenantId, Guid installationId, IReadOnlyDictionary<string, string> secrets) =>
        secrets.ToDictionary(s => s.Key, s => sealer.Seal(s.Value, new SecretContext(tenantId, installationId, s.Key)), StringComparer.Ordinal);

    /// <summary>UTC now at the stores' precision (microseconds), so an answer equals what a later read returns.</summary>
    private DateTimeOffset Now() => SqlMetadataStore.StorageTime(time.GetUtcNow());

    private static ChangeNotice Changed(InstallationRecord installation) =>
        new(ChangeKind.InstallationChanged, installation.TenantId, installation.Id, installation.ExtensionSlug);

    private static string RequireText(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new PlatformException(ErrorCodes.ValidationFailed, $"{field} is required.") : value;
}
