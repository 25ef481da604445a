using System.Text.Json;

namespace Selegic.Extensions.Contracts.Api;

/// <summary><c>POST /api/v1/tenants/{tenant}/installations</c> body.</summary>
/// <param name="Grants">capabilities to grant, a subset of the version's manifest capabilities</param>
/// <param name="Config">a JSON object (default <c>{}</c>)</param>
/// <param name="Secrets">secret name to value; sealed at rest and never returned</param>
public sealed record CreateInstallationRequest(
    string? Extension,
    string? Version,
    IReadOnlyList<string>? Grants = null,
    JsonElement? Config = null,
    IReadOnlyDictionary<string, string>? Secrets = null);

/// <summary>An installation as the API shows it. Secrets appear by name only.</summary>
/// <param name="Epoch">increases whenever all of the installation's tokens are revoked</param>
public sealed record InstallationDto(
    Guid Id,
    string Extension,
    string Version,
    string ContentHash,
    IReadOnlyList<string> Grants,
    JsonElement Config,
    IReadOnlyList<string> SecretNames,
    bool Enabled,
    long Epoch,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// <c>PUT .../installations/{id}/version</c>: upgrade or roll back. The grants (these, or the current
/// ones when absent) are re-checked against that version's manifest.
/// </summary>
public sealed record ChangeVersionRequest(string? Version, IReadOnlyList<string>? Grants = null);

/// <summary><c>PUT .../installations/{id}/grants</c>: replaces the grants.</summary>
public sealed record ChangeGrantsRequest(IReadOnlyList<string>? Grants);

/// <summary><c>PUT .../installations/{id}/config</c>: replaces the configuration object.</summary>
public sealed record SetConfigRequest(JsonElement? Config);

/// <summary><c>PUT .../installations/{id}/secrets</c>: replaces the whole set of secrets (rotation).</summary>
public sealed record SetSecretsRequest(IReadOnlyDictionary<string, string>? Secrets);

/// <summary><c>POST .../installations/{id}/tokens</c>: mint a token for a CRM user (ttlSeconds 1-900, default 300).</summary>
public sealed record MintTokenRequest(string? User, int? TtlSeconds = null);

/// <summary>A minted extension token (a JWT) and what it is for.</summary>
public sealed record MintedTokenResponse(string Token, string Jti, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

/// <summary><c>POST .../installations/{id}/tokens/revoke</c>: revoke one token by its id.</summary>
public sealed record RevokeTokenRequest(string? Jti);

/// <summary>Answer to a revocation: the installation's epoch after it (revoke-all increases it).</summary>
public sealed record RevocationResponse(Guid InstallationId, long Epoch, string? Jti);
