using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Actions;

namespace Selegic.Extensions.Grains.RateLimits;

/// <summary>
/// The node's end of the cluster-wide rate limit. Permits come from the installation's
/// <see cref="IRateLimitGrain"/> in batches (<see cref="BatchSize"/>) and are spent here, so the hot
/// path makes one grain call per batch, not per request; concurrent callers short of permits share one
/// call. Once the grain says the bucket is empty, this node refuses locally until the Retry-After it
/// gave. Every permit spent was granted by the grain, so all nodes together never pass the bucket's
/// bound (Burst plus the refill). Permits a node leased but has not spent for one period are dropped
/// (errs on the safe side: they are not given back). If the grain cannot be reached the call is refused.
/// </summary>
public sealed class ClusterActionRateLimiter(IGrainFactory grains, ActionOptions options, TimeProvider time, ILogger<ClusterActionRateLimiter> logger)
    : IActionRateLimiter
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan RefusedWhenUnreachable = TimeSpan.FromSeconds(1);

    private readonly RateLimit _limit = new(options.RateLimit.Burst, options.RateLimit.TokensPerPeriod, options.RateLimit.PeriodMilliseconds);
    private readonly ConcurrentDictionary<Guid, Lease> _leases = new();

    /// <summary>An eighth of the burst, 1 to 64: small enough that one node cannot hoard the bucket, large enough to keep grain calls rare.</summary>
    public int BatchSize => Math.Clamp((_limit.Burst + 7) / 8, 1, 64);

    /// <summary>Grain calls made so far (for the overhead figures in docs/benchmarks.md).</summary>
    public long GrainCalls => Interlocked.Read(ref _grainCalls);

    private long _grainCalls;

    public ValueTask<TimeSpan?> TryAcquireAsync(Guid installationId, CancellationToken cancellationToken)
    {
        if (_leases.Count >= MaxEntries)
            _leases.Clear();
        var lease = _leases.GetOrAdd(installationId, _ => new Lease());
        var now = time.GetUtcNow();
        return lease.TryTake(now, _limit, out var refused) ? ValueTask.FromResult<TimeSpan?>(null)
            : refused is { } retryAfter ? ValueTask.FromResult<TimeSpan?>(retryAfter)
            : RefillAsync(installationId, lease, cancellationToken);
    }

    private async ValueTask<TimeSpan?> RefillAsync(Guid installationId, Lease lease, CancellationToken cancellationToken)
    {
        await lease.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refilled while this one waited.
            if (lease.TryTake(time.GetUtcNow(), _limit, out var refused))
                return null;
            if (refused is { } retryAfter)
                return retryAfter;
            PermitGrant grant;
            try
            {
                Interlocked.Increment(ref _grainCalls);
                grant = await grains.GetGrain<IRateLimitGrain>(RateLimitKey.For(installationId)).TakeAsync(BatchSize, _limit);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Rate limit of installation {Installation} unreachable, refusing: {Message}", installationId, e.Message);
                return RefusedWhenUnreachable;
            }
            return lease.Add(grant, time.GetUtcNow());
        }
        finally
        {
            lease.Gate.Release();
        }
    }

    /// <summary>Permits this node holds for one installation, or until when the bucket said it is empty.</summary>
    private sealed class Lease
    {
        private readonly Lock _lock = new();
        private int _permits;
        private DateTimeOffset _leasedAt;
        private DateTimeOffset _refusedUntil;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <returns>true with a permit spent; false with <paramref name="refused"/> set while the bucket is known empty, else null (ask the grain)</returns>
        public bool TryTake(DateTimeOffset now, RateLimit limit, out TimeSpan? refused)
        {
            lock (_lock)
            {
                refused = null;
                if (_permits > 0 && now - _leasedAt > TimeSpan.FromMilliseconds(limit.PeriodMilliseconds))
                    _permits = 0;
                if (_permits > 0)
                {
                    _permits--;
                    return true;
                }
                if (now < _refusedUntil)
                    refused = _refusedUntil - now;
                return false;
            }
        }

        /// <summary>Keeps a grant, spending one permit of it for the caller; null when it granted one, else the wait.</summary>
        public TimeSpan? Add(PermitGrant grant, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (grant.Granted <= 0)
                {
                    _refusedUntil = now + grant.RetryAfter;
                    return grant.RetryAfter;
                }
                _permits += grant.Granted - 1;
                _leasedAt = now;
                return null;
            }
        }
    }
}
