using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>A publish that passed every check: all an <see cref="IVersionWriter"/> needs to store the version.</summary>
public sealed record VerifiedVersion(
    Guid TenantId,
    string Slug,
    string Version,
    string Name,
    string? Description,
    string? Publisher,
    string ContentHash,
    ReadOnlyMemory<byte> Bundle,
    string ManifestJson,
    VersionSignature? Signature,
    string Actor);
