namespace Selegic.Extensions.Grains.Installations;

[GenerateSerializer]
public enum InstallationRefusalKind
{
    /// <summary>Bad input or a rule broken (the code's own status).</summary>
    Refused,
    NotFound,
    AlreadyExists,
}

/// <summary>The installation after the operation, or the refusal (stable code, message) the grain audited.</summary>
[GenerateSerializer, Immutable, Alias("scrm.InstallationReply")]
public sealed record InstallationReply(
    [property: Id(0)] InstallationState? State,
    [property: Id(1)] InstallationRefusalKind RefusalKind = InstallationRefusalKind.Refused,
    [property: Id(2)] string? RefusalCode = null,
    [property: Id(3)] string? RefusalMessage = null);

/// <summary>An installation's stored state on the wire (sealed secrets only, never plaintext).</summary>
[GenerateSerializer, Immutable, Alias("scrm.InstallationState")]
public sealed record InstallationState(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] Guid ExtensionId,
    [property: Id(3)] string ExtensionSlug,
    [property: Id(4)] string Version,
    [property: Id(5)] string ContentHash,
    [property: Id(6)] string[] Grants,
    [property: Id(7)] string ConfigJson,
    [property: Id(8)] Dictionary<string, string> SealedSecrets,
    [property: Id(9)] bool Enabled,
    [property: Id(10)] long Epoch,
    [property: Id(11)] long Revision,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] DateTimeOffset? UninstalledAt);
