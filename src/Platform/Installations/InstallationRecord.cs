namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// One installation of an extension version in one tenant. At most one active (not uninstalled)
/// installation exists per (tenant, extension). <see cref="Epoch"/> is copied into every token
/// minted for the installation; bumping it revokes all of them at once (revoke-all, disable,
/// uninstall, and changes of version or grants, so a token never carries stale grants).
/// <see cref="Revision"/> increases with every change (optimistic concurrency).
/// </summary>
/// <param name="Grants">capabilities the tenant granted; always a subset of the version's manifest capabilities</param>
/// <param name="ConfigJson">a JSON object, the extension's configuration</param>
/// <param name="SealedSecrets">secret name to sealed value (<see cref="Secrets.SecretSealer"/>); never plaintext</param>
public sealed record InstallationRecord(
    Guid Id,
    Guid TenantId,
    Guid ExtensionId,
    string ExtensionSlug,
    string Version,
    string ContentHash,
    IReadOnlyList<string> Grants,
    string ConfigJson,
    IReadOnlyDictionary<string, string> SealedSecrets,
    bool Enabled,
    long Epoch,
    long Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? UninstalledAt)
{
    public bool IsActive => UninstalledAt is null;

    public bool IsGranted(string capability) => Grants.Contains(capability, StringComparer.Ordinal);
}
