using Selegic.Extensions.Grains.Installations;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Grains.Tokens;

/// <summary>The cluster's <see cref="ITokenRevoker"/>: every revocation of one installation goes through its grain.</summary>
public sealed class GrainTokenRevoker(IGrainFactory grains) : ITokenRevoker
{
    public async Task<InstallationRecord> RevokeAsync(TokenRevocationRequest request, CancellationToken cancellationToken)
    {
        // Not cancelled once sent: the grain finishes (and audits) what it started even if the caller has gone.
        var reply = await grains.GetGrain<ITokenRevocationGrain>(TokenRevocationKey.For(request.TenantId, request.InstallationId))
            .RevokeAsync(new TokenRevocationCommand(request.TenantId, request.TenantSlug, request.Actor, request.InstallationId, request.Jti))
            .WaitAsync(cancellationToken);
        return InstallationMessages.Unwrap(reply);
    }
}
