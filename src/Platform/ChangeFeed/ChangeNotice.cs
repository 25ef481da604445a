namespace Selegic.Extensions.Platform.ChangeFeed;

public enum ChangeKind
{
    /// <summary>An installation was created or changed (any field, incl. an epoch bump): drop it from caches.</summary>
    InstallationChanged,
    /// <summary>One token (jti) of an installation was revoked until <see cref="ChangeNotice.ExpiresAt"/>.</summary>
    TokenRevoked,
}

/// <summary>One message on the change feed; small enough for a PostgreSQL NOTIFY payload.</summary>
public sealed record ChangeNotice(
    ChangeKind Kind,
    Guid TenantId,
    Guid InstallationId,
    string? ExtensionSlug = null,
    string? Jti = null,
    DateTimeOffset? ExpiresAt = null);
