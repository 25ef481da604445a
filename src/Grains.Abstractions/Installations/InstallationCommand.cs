namespace Selegic.Extensions.Grains.Installations;

[GenerateSerializer]
public enum InstallationCommandKind
{
    Install,
    Enable,
    Disable,
    ChangeVersion,
    ChangeGrants,
    SetConfig,
    SetSecrets,
    Uninstall,
    RevokeAllTokens,
}

/// <summary>One installation operation as the tenant admin sent it, unchecked: the grain checks it.</summary>
[GenerateSerializer, Immutable, Alias("scrm.InstallationCommand")]
public sealed record InstallationCommand(
    [property: Id(0)] InstallationCommandKind Kind,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] string TenantSlug,
    [property: Id(3)] string Actor,
    [property: Id(4)] Guid? InstallationId,
    [property: Id(5)] string Extension,
    [property: Id(6)] string? Version,
    [property: Id(7)] string[]? Grants,
    [property: Id(8)] string? ConfigJson,
    [property: Id(9)] Dictionary<string, string>? Secrets);
