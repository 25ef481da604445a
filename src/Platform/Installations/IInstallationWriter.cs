namespace Selegic.Extensions.Platform.Installations;

/// <summary>
/// Applies one installation operation: checks it, writes it, announces it to every node and audits it
/// (once, success or refusal). The cluster routes every operation on one (tenant, extension) through
/// a single writer (the Installation grain) in front of <see cref="StoreInstallationWriter"/>.
/// </summary>
public interface IInstallationWriter
{
    /// <returns>the installation after the operation; a refusal is thrown as a <see cref="PlatformException"/> with its code</returns>
    Task<InstallationRecord> ApplyAsync(InstallationChange change, CancellationToken cancellationToken);
}
