namespace Selegic.Extensions.Platform.Tokens;

/// <summary>One revoked token id of one installation, kept until the token could no longer be valid anyway.</summary>
public sealed record TokenRevocation(Guid TenantId, Guid InstallationId, string Jti, DateTimeOffset ExpiresAt, DateTimeOffset RevokedAt);
