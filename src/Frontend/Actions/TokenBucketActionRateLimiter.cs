using System.Threading.RateLimiting;
using Selegic.Extensions.Platform.Actions;

namespace Selegic.Extensions.Frontend.Actions;

/// <summary>
/// A token bucket per installation (System.Threading.RateLimiting): <c>Burst</c> calls at once,
/// refilled with <c>TokensPerPeriod</c> every <c>PeriodMilliseconds</c>. Per node: with N nodes an installation may reach N times
/// the rate (docs/api.md says so).
/// </summary>
public sealed class TokenBucketActionRateLimiter : IActionRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public TokenBucketActionRateLimiter(ActionRateLimitOptions options)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.TokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(options.PeriodMilliseconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(installationId => RateLimitPartition.GetTokenBucketLimiter(installationId, _ => bucket));
    }

    public TimeSpan? TryAcquire(Guid installationId)
    {
        using var lease = _limiter.AttemptAcquire(installationId);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
