namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// Stores a verified version unless that version already exists. The cluster routes every write of
/// one version through a single writer (the ExtensionVersion grain) in front of <see cref="StoreVersionWriter"/>.
/// </summary>
public interface IVersionWriter
{
    /// <returns>false when the version was already published (nothing was written)</returns>
    Task<bool> TryWriteAsync(VerifiedVersion version, CancellationToken cancellationToken);
}
