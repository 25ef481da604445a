using Selegic.Extensions.Grains.RateLimits;
using Selegic.Extensions.Grains.Tests.Support;

namespace Selegic.Extensions.Grains.Tests.RateLimits;

/// <summary>
/// Two silos' rate limiters together allow one installation its bucket (burst 10, one more per hour:
/// nothing refills during the test), not twice it; counts, not timings.
/// </summary>
public sealed class ClusterRateLimitTests : IAsyncLifetime
{
    private const int AttemptsPerSilo = 60;
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Concurrent_calls_on_two_silos_get_exactly_the_burst_between_them_with_one_grain_call_per_batch()
    {
        var limiters = _cluster.Cluster.GetActiveSilos().Select(silo => _cluster.Service<ClusterActionRateLimiter>(silo)).ToList();
        var installation = Guid.NewGuid();
        var burst = ControlPlaneSiloConfigurator.RateLimit.Burst;

        using var start = new SemaphoreSlim(0, AttemptsPerSilo * limiters.Count);
        var attempts = limiters.SelectMany(limiter => Enumerable.Range(0, AttemptsPerSilo).Select(async _ =>
        {
            await start.WaitAsync();
            return await limiter.TryAcquireAsync(installation, CancellationToken.None);
        })).ToArray();
        start.Release(attempts.Length);
        var results = await Task.WhenAll(attempts);

        Assert.Equal(burst, results.Count(retryAfter => retryAfter is null));
        Assert.All(results.Where(retryAfter => retryAfter is not null), retryAfter => Assert.True(retryAfter > TimeSpan.Zero));
        // Batches of BatchSize; then each silo asks once more, learns the bucket is empty and refuses locally.
        var batch = limiters[0].BatchSize;
        Assert.Equal(2, batch);
        Assert.InRange(limiters.Sum(limiter => limiter.GrainCalls), burst / batch, burst / batch + limiters.Count);

        // Another installation has its own bucket.
        Assert.Null(await limiters[1].TryAcquireAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Calls_one_after_another_alternating_silos_get_the_burst_and_not_one_more()
    {
        var limiters = _cluster.Cluster.GetActiveSilos().Select(silo => _cluster.Service<ClusterActionRateLimiter>(silo)).ToList();
        var installation = Guid.NewGuid();
        var allowed = 0;
        for (var i = 0; i < 4 * ControlPlaneSiloConfigurator.RateLimit.Burst; i++)
        {
            if (await limiters[i % 2].TryAcquireAsync(installation, CancellationToken.None) is null)
                allowed++;
        }

        Assert.Equal(ControlPlaneSiloConfigurator.RateLimit.Burst, allowed);
    }
}
