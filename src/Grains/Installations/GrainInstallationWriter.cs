using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Grains.Installations;

/// <summary>The cluster's <see cref="IInstallationWriter"/>: every operation on one (tenant, extension) goes through that pair's grain.</summary>
public sealed class GrainInstallationWriter(IGrainFactory grains) : IInstallationWriter
{
    public async Task<InstallationRecord> ApplyAsync(InstallationChange change, CancellationToken cancellationToken)
    {
        // Not cancelled once sent: the grain finishes (and audits) what it started even if the caller has gone.
        var reply = await grains.GetGrain<IInstallationGrain>(InstallationKey.For(change.TenantId, change.Extension))
            .ApplyAsync(InstallationMessages.ToCommand(change)).WaitAsync(cancellationToken);
        return InstallationMessages.Unwrap(reply);
    }
}
