namespace Selegic.Extensions.Grains.Versions;

/// <summary>A publish that passed every check, handed to the version's grain to be stored.</summary>
[GenerateSerializer, Immutable, Alias("scrm.VersionPublication")]
public sealed record VersionPublication(
    [property: Id(0)] Guid TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Version,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Description,
    [property: Id(5)] string? Publisher,
    [property: Id(6)] string ContentHash,
    [property: Id(7)] ReadOnlyMemory<byte> Bundle,
    [property: Id(8)] string ManifestJson,
    [property: Id(9)] string? SignatureKeyId,
    [property: Id(10)] string? Signature,
    [property: Id(11)] string Actor);
