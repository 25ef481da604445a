using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Signing;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// Checks a publish's signature against the tenant's registered publisher keys. Unsigned bundles
/// pass only while the tenant does not require signatures; a signature that is sent is always
/// verified, whatever the setting.
/// </summary>
public sealed class PublisherSignatureVerifier(IMetadataStore store)
{
    /// <summary>The verified signature (key id and text), or null for an accepted unsigned bundle.</summary>
    public async Task<VersionSignature?> VerifyAsync(TenantRecord tenant, ReadOnlyMemory<byte> bundle, string? signature, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            if (tenant.Settings.RequireSignatures)
                throw new BundleException(ErrorCodes.SignatureRequired,
                    $"Tenant '{tenant.Slug}' requires signed bundles; send a 'signature' field.");
            return null;
        }

        var keys = (await store.ListPublisherKeysAsync(tenant.Id, cancellationToken))
            .Select(k => new PublisherPublicKey(k.KeyId, k.PublicKeyPem));
        var keyId = BundleSignature.Verify(bundle.Span, signature, keys);
        return new VersionSignature(keyId, signature.Trim());
    }
}
