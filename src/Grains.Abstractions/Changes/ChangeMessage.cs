namespace Selegic.Extensions.Grains.Changes;

[GenerateSerializer]
public enum ChangeMessageKind
{
    InstallationChanged,
    TokenRevoked,
}

/// <summary>A committed installation change or token revocation on its way to another silo.</summary>
[GenerateSerializer, Immutable, Alias("scrm.ChangeMessage")]
public sealed record ChangeMessage(
    [property: Id(0)] ChangeMessageKind Kind,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] Guid InstallationId,
    [property: Id(3)] string? ExtensionSlug,
    [property: Id(4)] string? Jti,
    [property: Id(5)] DateTimeOffset? ExpiresAt);
