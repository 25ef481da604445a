namespace Selegic.Extensions.Grains.RateLimits;

/// <summary>
/// One installation's cluster-wide token bucket (key: <see cref="RateLimitKey"/>). Nodes take permits
/// in batches and spend them locally, so all nodes together allow the configured rate, not N times it.
/// </summary>
[Alias("scrm.IRateLimitGrain")]
public interface IRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="wanted"/> permits from the bucket refilled at <paramref name="limit"/>'s rate.</summary>
    [Alias("Take")]
    Task<PermitGrant> TakeAsync(int wanted, RateLimit limit);
}

/// <summary>The configured rate: <c>Burst</c> at once, <c>TokensPerPeriod</c> more every <c>PeriodMilliseconds</c>.</summary>
[GenerateSerializer, Immutable, Alias("scrm.RateLimit")]
public sealed record RateLimit(
    [property: Id(0)] int Burst,
    [property: Id(1)] int TokensPerPeriod,
    [property: Id(2)] int PeriodMilliseconds);

/// <summary>Permits granted (possibly fewer than asked, possibly none); when none, how long until the next one.</summary>
[GenerateSerializer, Immutable, Alias("scrm.PermitGrant")]
public sealed record PermitGrant(
    [property: Id(0)] int Granted,
    [property: Id(1)] TimeSpan RetryAfter);

/// <summary>"ratelimit:{installation}" (installation ids are unique across tenants); the prefix keeps it from parsing as a hex key.</summary>
public static class RateLimitKey
{
    public static string For(Guid installationId) => $"ratelimit:{installationId:N}";
}
