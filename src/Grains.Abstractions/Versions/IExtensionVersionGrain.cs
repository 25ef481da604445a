namespace Selegic.Extensions.Grains.Versions;

/// <summary>
/// One published version of one tenant's extension (key: <see cref="ExtensionVersionKey"/>): the
/// single writer that decides whether a publish of that version creates it or is refused as existing.
/// </summary>
[Alias("scrm.IExtensionVersionGrain")]
public interface IExtensionVersionGrain : IGrainWithStringKey
{
    /// <returns>true when this publish created the version; false when the version already exists</returns>
    [Alias("Publish")]
    Task<bool> PublishAsync(VersionPublication publication);
}
