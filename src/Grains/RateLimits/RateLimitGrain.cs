namespace Selegic.Extensions.Grains.RateLimits;

/// <summary>
/// One installation's bucket. Kept in memory only: when its silo is lost the next activation starts
/// full, so an installation can get at most one extra burst then (documented in docs/cluster.md).
/// </summary>
public sealed class RateLimitGrain(TimeProvider time) : Grain, IRateLimitGrain
{
    private TokenBucket? _bucket;

    public Task<PermitGrant> TakeAsync(int wanted, RateLimit limit)
    {
        var now = time.GetUtcNow();
        _bucket ??= new TokenBucket(limit, now);
        return Task.FromResult(_bucket.Take(wanted, limit, now));
    }
}
