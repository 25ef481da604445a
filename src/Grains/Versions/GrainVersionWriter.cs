using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Grains.Versions;

/// <summary>The cluster's <see cref="IVersionWriter"/>: every publish of a version goes through that version's grain.</summary>
public sealed class GrainVersionWriter(IGrainFactory grains) : IVersionWriter
{
    public Task<bool> TryWriteAsync(VerifiedVersion version, CancellationToken cancellationToken) =>
        grains.GetGrain<IExtensionVersionGrain>(ExtensionVersionKey.For(version.TenantId, version.Slug, version.Version))
            .PublishAsync(VersionPublications.ToMessage(version)).WaitAsync(cancellationToken);
}
