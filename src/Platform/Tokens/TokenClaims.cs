namespace Selegic.Extensions.Platform.Tokens;

/// <summary>What a valid extension token says: who may call the Action API, for which installation, with which grants.</summary>
/// <param name="Capabilities">the installation's grants when the token was minted</param>
/// <param name="Epoch">the installation's epoch at mint time; a token with an older epoch is revoked</param>
public sealed record TokenClaims(
    Guid TenantId,
    string TenantSlug,
    string ExtensionSlug,
    Guid InstallationId,
    string Version,
    string ContentHash,
    IReadOnlyList<string> Capabilities,
    string User,
    string Jti,
    long Epoch,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    public bool HasCapability(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);
}
