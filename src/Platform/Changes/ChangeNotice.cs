namespace Selegic.Extensions.Platform.Changes;

public enum ChangeKind
{
    /// <summary>An installation was created or changed (any field, incl. an epoch bump): drop it from caches.</summary>
    InstallationChanged,
    /// <summary>One token (jti) of an installation was revoked until <see cref="ChangeNotice.ExpiresAt"/>.</summary>
    TokenRevoked,
}

/// <summary>One committed change that every node's derived state (caches, deny sets) must learn of.</summary>
public sealed record ChangeNotice(
    ChangeKind Kind,
    Guid TenantId,
    Guid InstallationId,
    string? ExtensionSlug = null,
    string? Jti = null,
    DateTimeOffset? ExpiresAt = null);
