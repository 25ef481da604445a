using Orleans.Placement;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Grains.Installations;

/// <summary>
/// The single writer of one (tenant, extension)'s installation. Orleans runs its calls one at a time,
/// so concurrent operations from any node are serialised here: each reads the state the previous one
/// left, none is lost to an optimistic-concurrency retry, and each is audited exactly once (by
/// <see cref="StoreInstallationWriter"/>). A refusal comes back as a reply with its stable code, not
/// as an exception (its code would not survive the wire). Placed on the caller's silo.
/// </summary>
[PreferLocalPlacement]
public sealed class InstallationGrain(StoreInstallationWriter writer) : Grain, IInstallationGrain
{
    public async Task<InstallationReply> ApplyAsync(InstallationCommand command)
    {
        var change = InstallationMessages.ToChange(command);
        if (!InstallationKey.For(change.TenantId, change.Extension).Equals(this.GetPrimaryKeyString(), StringComparison.Ordinal))
            throw new ArgumentException("The command is for another installation grain.", nameof(command));
        try
        {
            return new InstallationReply(InstallationMessages.ToState(await writer.ApplyAsync(change, CancellationToken.None)));
        }
        catch (PlatformException refusal)
        {
            return InstallationMessages.Refusal(refusal);
        }
    }
}
