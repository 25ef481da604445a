namespace Selegic.Extensions.Contracts.Api;

/// <summary><c>POST /api/v1/tenants/{tenant}/publisher-keys</c> body: a PEM <c>PUBLIC KEY</c> (SPKI, ECDSA P-256).</summary>
public sealed record AddPublisherKeyRequest(string PublicKeyPem, string? Name = null);

/// <summary>A registered publisher key; <see cref="KeyId"/> is <c>Signing.BundleSignature.KeyIdOf</c> of the key.</summary>
public sealed record PublisherKeyDto(string KeyId, string? Name, string PublicKeyPem, DateTimeOffset AddedAt);
