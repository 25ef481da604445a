namespace Selegic.Extensions.Platform.Storage;

/// <summary>A publisher's public key (PEM, SPKI) registered by a tenant; KeyId is unique per tenant.</summary>
public sealed record PublisherKeyRecord(Guid TenantId, string KeyId, string PublicKeyPem, DateTimeOffset CreatedAt);
