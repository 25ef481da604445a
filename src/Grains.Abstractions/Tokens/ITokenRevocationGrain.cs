using Selegic.Extensions.Grains.Installations;

namespace Selegic.Extensions.Grains.Tokens;

/// <summary>
/// The single writer of one installation's revoked token ids (key: <see cref="TokenRevocationKey"/>):
/// each revocation is stored, pushed to every node's deny set and audited once. Revoking all tokens is
/// an epoch bump of the installation record, so it goes through the <see cref="IInstallationGrain"/>.
/// </summary>
[Alias("scrm.ITokenRevocationGrain")]
public interface ITokenRevocationGrain : IGrainWithStringKey
{
    /// <returns>the installation, or the refusal (jti_invalid, installation_not_found)</returns>
    [Alias("Revoke")]
    Task<InstallationReply> RevokeAsync(TokenRevocationCommand command);
}

/// <summary>Revoke <paramref name="Jti"/> (unchecked: the grain checks it).</summary>
[GenerateSerializer, Immutable, Alias("scrm.TokenRevocationCommand")]
public sealed record TokenRevocationCommand(
    [property: Id(0)] Guid TenantId,
    [property: Id(1)] string TenantSlug,
    [property: Id(2)] string Actor,
    [property: Id(3)] Guid InstallationId,
    [property: Id(4)] string? Jti);

/// <summary>"tokens:{tenant}/{installation}"; the prefix keeps the key from ever parsing as a hex integer key.</summary>
public static class TokenRevocationKey
{
    public static string For(Guid tenantId, Guid installationId) => $"tokens:{tenantId:N}/{installationId:N}";
}
