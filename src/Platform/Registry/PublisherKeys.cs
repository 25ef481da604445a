using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Signing;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// A tenant's publisher public keys (PEM SPKI, ECDSA P-256). The key id is derived from the key
/// itself, so the same key has the same id everywhere. Additions are audited.
/// </summary>
public sealed class PublisherKeys(IMetadataStore store, AuditLog audit, TimeProvider time)
{
    /// <summary>Registers a key: publisher_key_invalid for anything but a P-256 public key, publisher_key_exists for a repeat.</summary>
    public async Task<PublisherKeyDto> AddAsync(TenantRecord tenant, string? publicKeyPem, string actor, CancellationToken cancellationToken)
    {
        string? keyId = null;
        try
        {
            var key = BundleSignature.ParsePublicKey(publicKeyPem);
            keyId = key.KeyId;
            var record = new PublisherKeyRecord(tenant.Id, key.KeyId, key.PublicKeyPem, time.GetUtcNow());
            await store.AddPublisherKeyAsync(record, cancellationToken);
            await audit.RecordAsync(new AuditEvent(tenant.Id, actor, AuditActions.PublisherKeyAdd, key.KeyId, AuditOutcome.Success), cancellationToken);
            return ToDto(record);
        }
        catch (Exception refusal) when (RefusalCode.Of(refusal) is { } code)
        {
            await audit.RecordRefusalAsync(tenant.Id, actor, AuditActions.PublisherKeyAdd, keyId ?? "(invalid key)", code, refusal, cancellationToken);
            throw;
        }
    }

    public async Task<IReadOnlyList<PublisherKeyDto>> ListAsync(TenantRecord tenant, CancellationToken cancellationToken) =>
        (await store.ListPublisherKeysAsync(tenant.Id, cancellationToken)).Select(ToDto).ToList();

    // The store keeps no display name for keys; the key id identifies them.
    private static PublisherKeyDto ToDto(PublisherKeyRecord key) => new(key.KeyId, null, key.PublicKeyPem, key.CreatedAt);
}
