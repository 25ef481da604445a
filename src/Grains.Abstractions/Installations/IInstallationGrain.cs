namespace Selegic.Extensions.Grains.Installations;

/// <summary>
/// The single writer of one tenant's installation of one extension (key: <see cref="InstallationKey"/>):
/// install, enable/disable, version, grants, config, secrets, revoke-all and uninstall, one at a time,
/// each audited once and pushed to every node.
/// </summary>
[Alias("scrm.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<InstallationReply> ApplyAsync(InstallationCommand command);
}
