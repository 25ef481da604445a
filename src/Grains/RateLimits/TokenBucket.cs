namespace Selegic.Extensions.Grains.RateLimits;

/// <summary>
/// A token bucket: starts full at <c>Burst</c>, gains <c>TokensPerPeriod</c> per period (continuously,
/// pro rata), never holds more than <c>Burst</c>. Not thread-safe: its grain calls it one at a time.
/// </summary>
public sealed class TokenBucket(RateLimit limit, DateTimeOffset now)
{
    private double _tokens = limit.Burst;
    private DateTimeOffset _refilledAt = now;

    public RateLimit Limit { get; private set; } = limit;

    public PermitGrant Take(int wanted, RateLimit limit, DateTimeOffset now)
    {
        Limit = limit;
        Refill(now);
        var granted = (int)Math.Min(Math.Max(wanted, 0), Math.Floor(_tokens));
        _tokens -= granted;
        if (granted > 0)
            return new PermitGrant(granted, TimeSpan.Zero);
        var perToken = TimeSpan.FromMilliseconds((double)limit.PeriodMilliseconds / limit.TokensPerPeriod);
        var wait = perToken * (1 - _tokens);
        return new PermitGrant(0, wait > TimeSpan.Zero ? wait : perToken);
    }

    private void Refill(DateTimeOffset now)
    {
        var elapsed = now - _refilledAt;
        if (elapsed <= TimeSpan.Zero)
            return;
        _refilledAt = now;
        _tokens = Math.Min(Limit.Burst, _tokens + elapsed.TotalMilliseconds / Limit.PeriodMilliseconds * Limit.TokensPerPeriod);
    }
}
