using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// Revokes one token id of an installation: checked, stored, pushed to every node's deny set and
/// audited once. The cluster routes every revocation of one installation through a single writer (the
/// TokenRevocation grain) in front of <see cref="StoreTokenRevoker"/>.
/// </summary>
public interface ITokenRevoker
{
    /// <returns>the installation the token belonged to; a refusal is thrown as a <see cref="PlatformException"/> with its code</returns>
    Task<InstallationRecord> RevokeAsync(TokenRevocationRequest request, CancellationToken cancellationToken);
}

/// <summary>A tenant admin's request to revoke <paramref name="Jti"/> (unchecked) of one installation.</summary>
public sealed record TokenRevocationRequest(Guid TenantId, string TenantSlug, string Actor, Guid InstallationId, string? Jti);
