using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// A tenant admin's installations: install, enable/disable, change version or grants, set config,
/// rotate secrets, revoke tokens, uninstall. A thin caller: it names the (tenant, extension) an
/// operation is about and hands it to that pair's single writer (<see cref="IInstallationWriter"/>,
/// the Installation grain in a silo), which checks, writes, announces and audits it. Only refusals
/// decided before a writer can be named (no body, bad slug, unknown installation) are audited here.
/// </summary>
public sealed class InstallationService(
    IInstallationStore installations,
    IInstallationWriter writer,
    ITokenRevoker revoker,
    InstallationAudit audit)
{
    public Task<InstallationRecord> InstallAsync(TenantRecord tenant, CreateInstallationRequest? request, string actor, CancellationToken cancellationToken)
    {
        var target = $"{request?.Extension}@{request?.Version}";
        if (request is null)
            return Refuse(tenant, actor, InstallationAuditActions.Install, target,
                new PlatformException(ErrorCodes.ValidationFailed, "The body must be a JSON object with extension and version."), cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Extension))
            return Refuse(tenant, actor, InstallationAuditActions.Install, target,
                new PlatformException(ErrorCodes.ValidationFailed, "extension is required."), cancellationToken);
        if (Slug.Problem(request.Extension) is { } slugProblem)
            return Refuse(tenant, actor, InstallationAuditActions.Install, target,
                new PlatformException(ErrorCodes.InvalidSlug, $"extension: {slugProblem}"), cancellationToken);
        return writer.ApplyAsync(new InstallationChange(InstallationOperation.Install, tenant.Id, tenant.Slug, actor, null, request.Extension,
            request.Version, request.Grants, ConfigText(request.Config), request.Secrets), cancellationToken);
    }

    public async Task<IReadOnlyList<InstallationRecord>> ListAsync(TenantRecord tenant, CancellationToken cancellationToken) =>
        await installations.ListInstallationsAsync(tenant.Id, cancellationToken);

    public async Task<InstallationRecord> GetAsync(TenantRecord tenant, Guid id, CancellationToken cancellationToken) =>
        await installations.GetInstallationAsync(tenant.Id, id, cancellationToken) ?? throw InstallationErrors.NotFound(tenant.Slug, id);

    public Task<InstallationRecord> EnableAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.Enable, cancellationToken);

    /// <summary>Disabling also revokes every token of the installation (epoch bump).</summary>
    public Task<InstallationRecord> DisableAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.Disable, cancellationToken);

    /// <summary>Upgrade or rollback; grants re-checked against the target version. Revokes existing tokens (they name the old version).</summary>
    public Task<InstallationRecord> ChangeVersionAsync(TenantRecord tenant, Guid id, ChangeVersionRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.ChangeVersion, cancellationToken, request?.Version, request?.Grants);

    /// <summary>Replaces the grants. Revokes existing tokens (they carry the old grants).</summary>
    public Task<InstallationRecord> ChangeGrantsAsync(TenantRecord tenant, Guid id, ChangeGrantsRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.ChangeGrants, cancellationToken, grants: request?.Grants);

    public Task<InstallationRecord> SetConfigAsync(TenantRecord tenant, Guid id, SetConfigRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.SetConfig, cancellationToken, configJson: ConfigText(request?.Config));

    /// <summary>Replaces the whole set of secrets, sealed under the current key (rotation).</summary>
    public Task<InstallationRecord> SetSecretsAsync(TenantRecord tenant, Guid id, SetSecretsRequest? request, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.SetSecrets, cancellationToken, secrets: request?.Secrets);

    /// <summary>Uninstalls (the row stays, inactive, for history) and revokes every token of the installation.</summary>
    public Task<InstallationRecord> UninstallAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.Uninstall, cancellationToken);

    /// <summary>Revokes all tokens minted so far for the installation by bumping its epoch.</summary>
    public Task<InstallationRecord> RevokeAllTokensAsync(TenantRecord tenant, Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, id, actor, InstallationOperation.RevokeAllTokens, cancellationToken);

    /// <summary>Revokes one token id of the installation (through its single revocation writer, <see cref="ITokenRevoker"/>).</summary>
    public Task<InstallationRecord> RevokeTokenAsync(TenantRecord tenant, Guid id, string? jti, string actor, CancellationToken cancellationToken) =>
        revoker.RevokeAsync(new TokenRevocationRequest(tenant.Id, tenant.Slug, actor, id, jti), cancellationToken);

    public static InstallationDto ToDto(InstallationRecord installation)
    {
        using var config = JsonDocument.Parse(installation.ConfigJson);
        return new InstallationDto(installation.Id, installation.ExtensionSlug, installation.Version, installation.ContentHash,
            installation.Grants, config.RootElement.Clone(), installation.SealedSecrets.Keys.Order(StringComparer.Ordinal).ToList(),
            installation.Enabled, installation.Epoch, installation.CreatedAt, installation.UpdatedAt);
    }

    /// <summary>An operation on an existing installation goes to the writer of its (tenant, extension); an unknown id is refused here.</summary>
    private async Task<InstallationRecord> ChangeAsync(TenantRecord tenant, Guid id, string actor, InstallationOperation operation,
        CancellationToken cancellationToken, string? version = null, IReadOnlyList<string>? grants = null,
        string? configJson = null, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var current = await installations.GetInstallationAsync(tenant.Id, id, cancellationToken);
        if (current is null)
            return await Refuse(tenant, actor, InstallationAudit.Action(operation), $"installation:{id}", InstallationErrors.NotFound(tenant.Slug, id), cancellationToken);
        return await writer.ApplyAsync(new InstallationChange(operation, tenant.Id, tenant.Slug, actor, id, current.ExtensionSlug,
            version, grants, configJson, secrets), cancellationToken);
    }

    private Task<InstallationRecord> Refuse(TenantRecord tenant, string actor, string action, string target, PlatformException refusal,
        CancellationToken cancellationToken) =>
        audit.RefuseAsync(tenant.Id, actor, action, target, refusal, cancellationToken);

    private static string? ConfigText(JsonElement? config) =>
        config is { ValueKind: not JsonValueKind.Undefined } element ? element.GetRawText() : null;
}
