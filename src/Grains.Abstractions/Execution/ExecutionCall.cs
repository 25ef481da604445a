namespace Selegic.Extensions.Grains.Execution;

/// <summary>
/// One handler execution on its way to a silo: the Runner's ExecuteRequest in wire form (the Runner
/// itself stays free of Orleans). JSON values travel as their text; the action token is minted before
/// sending (a silo cannot call back into the gateway's lazy minting).
/// </summary>
[GenerateSerializer, Immutable, Alias("scrm.ExecutionCall")]
public sealed record ExecutionCall(
    [property: Id(0)] string ContentHash,
    [property: Id(1)] string? StorageScope,
    [property: Id(2)] string Method,
    [property: Id(3)] string Path,
    [property: Id(4)] string Query,
    [property: Id(5)] Dictionary<string, string> RouteParameters,
    [property: Id(6)] Dictionary<string, string> Headers,
    [property: Id(7)] byte[] Body,
    [property: Id(8)] string? ConfigJson,
    [property: Id(9)] string? UserJson,
    [property: Id(10)] ExecutionInstallation? Installation,
    [property: Id(11)] string? ActionToken,
    [property: Id(12)] ExecutionLimits? Limits,
    [property: Id(13)] string? Action,
    [property: Id(14)] string? RequestId);

/// <summary>Who the execution runs for, as the guest sees it.</summary>
[GenerateSerializer, Immutable, Alias("scrm.ExecutionInstallation")]
public sealed record ExecutionInstallation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Extension,
    [property: Id(3)] string Version);

/// <summary>Per-installation limits; null members take the platform defaults on the silo.</summary>
[GenerateSerializer, Immutable, Alias("scrm.ExecutionLimits")]
public sealed record ExecutionLimits(
    [property: Id(0)] int? TimeoutMilliseconds,
    [property: Id(1)] long? Fuel,
    [property: Id(2)] long? MemoryBytes,
    [property: Id(3)] int? MaxRequestBytes,
    [property: Id(4)] int? MaxResponseBytes);
