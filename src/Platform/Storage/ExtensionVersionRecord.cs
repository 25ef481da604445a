namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// One immutable published version. (ExtensionId, Version) is unique; TenantId must be the
/// extension's tenant (the schema enforces it with a composite foreign key).
/// </summary>
public sealed record ExtensionVersionRecord(
    Guid Id,
    Guid TenantId,
    Guid ExtensionId,
    string Version,
    string ContentHash,
    long Size,
    string ManifestJson,
    VersionSignature? Signature,
    string? PublishedBy,
    DateTimeOffset CreatedAt);

/// <summary>The verified signature a version was published with.</summary>
public sealed record VersionSignature(string KeyId, string Value);
