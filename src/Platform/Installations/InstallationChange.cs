namespace Selegic.Extensions.Platform.Installations;

/// <summary>The operations a tenant admin can apply to an installation; each is audited under its own action.</summary>
public enum InstallationOperation
{
    Install,
    Enable,
    Disable,
    ChangeVersion,
    ChangeGrants,
    SetConfig,
    SetSecrets,
    Uninstall,
    RevokeAllTokens,
}

/// <summary>
/// One requested installation operation, as the tenant admin sent it (nothing checked yet): what
/// <see cref="InstallationService"/> hands to the single writer of the (tenant, extension).
/// </summary>
/// <param name="InstallationId">the installation changed; null for <see cref="InstallationOperation.Install"/></param>
/// <param name="Extension">the extension slug: requested (install) or the installation's own (every other operation)</param>
/// <param name="ConfigJson">the request's config as JSON text; null when absent</param>
/// <param name="Secrets">plaintext secret values; sealed by the writer, never stored or audited as sent</param>
public sealed record InstallationChange(
    InstallationOperation Operation,
    Guid TenantId,
    string TenantSlug,
    string Actor,
    Guid? InstallationId,
    string Extension,
    string? Version = null,
    IReadOnlyList<string>? Grants = null,
    string? ConfigJson = null,
    IReadOnlyDictionary<string, string>? Secrets = null);
