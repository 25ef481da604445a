namespace Selegic.Extensions.Contracts.Api;

/// <summary><c>201</c> answer to a publish (also the <c>--dry-run</c> result of the CLI).</summary>
public sealed record PublishResponse(string Slug, string Version, string ContentHash);

/// <summary>One extension of a tenant in <c>GET /api/v1/tenants/{tenant}/extensions</c>.</summary>
/// <param name="LatestVersion">highest version by semver precedence</param>
public sealed record ExtensionSummary(
    string Slug,
    string Name,
    string? Description,
    string LatestVersion,
    int VersionCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One version in <c>GET /api/v1/tenants/{tenant}/extensions/{slug}/versions</c>.</summary>
/// <param name="SignatureKeyId">key id of the publisher key that verified the signature; null when unsigned</param>
public sealed record VersionSummary(
    string Version,
    string ContentHash,
    long SizeBytes,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string? SignatureKeyId);

/// <summary>A list answer; routes that page fill <see cref="NextCursor"/> (null on the last page).</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor = null);
