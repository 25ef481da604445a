namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// The dispatcher's per-installation rate limit, cluster-wide: the implementation (src/Grains/RateLimits)
/// spends permits this node leased from the installation's rate-limit grain, so it usually completes
/// synchronously and makes a grain call only once per batch.
/// </summary>
public interface IActionRateLimiter
{
    /// <summary>Null when the call may proceed; otherwise how long the installation should wait.</summary>
    ValueTask<TimeSpan?> TryAcquireAsync(Guid installationId, CancellationToken cancellationToken);
}
