using Orleans.Placement;
using Selegic.Extensions.Grains.Installations;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Grains.Tokens;

/// <summary>
/// The single writer of one installation's revocations: calls run one at a time, each stored, pushed
/// to every node's deny set (the writing node's at once, the others before the call returns or after
/// the delivery bound) and audited once. Refusals come back as replies with their stable code.
/// </summary>
[PreferLocalPlacement]
public sealed class TokenRevocationGrain(StoreTokenRevoker revoker) : Grain, ITokenRevocationGrain
{
    public async Task<InstallationReply> RevokeAsync(TokenRevocationCommand command)
    {
        if (!TokenRevocationKey.For(command.TenantId, command.InstallationId).Equals(this.GetPrimaryKeyString(), StringComparison.Ordinal))
            throw new ArgumentException("The command is for another installation's revocation grain.", nameof(command));
        try
        {
            var installation = await revoker.RevokeAsync(
                new TokenRevocationRequest(command.TenantId, command.TenantSlug, command.Actor, command.InstallationId, command.Jti), CancellationToken.None);
            return new InstallationReply(InstallationMessages.ToState(installation));
        }
        catch (PlatformException refusal)
        {
            return InstallationMessages.Refusal(refusal);
        }
    }
}
