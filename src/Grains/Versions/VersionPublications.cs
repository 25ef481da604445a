using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Grains.Versions;

/// <summary>The control plane's <see cref="VerifiedVersion"/> to and from its wire form.</summary>
internal static class VersionPublications
{
    public static VersionPublication ToMessage(VerifiedVersion v) => new(v.TenantId, v.Slug, v.Version, v.Name, v.Description, v.Publisher,
        v.ContentHash, v.Bundle, v.ManifestJson, v.Signature?.KeyId, v.Signature?.Value, v.Actor);

    public static VerifiedVersion ToVerified(VersionPublication p) => new(p.TenantId, p.Slug, p.Version, p.Name, p.Description, p.Publisher,
        p.ContentHash, p.Bundle, p.ManifestJson, p is { SignatureKeyId: { } keyId, Signature: { } value } ? new VersionSignature(keyId, value) : null, p.Actor);
}
