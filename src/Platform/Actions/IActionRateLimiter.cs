namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// The dispatcher's per-installation rate limit. The implementation (a token bucket from
/// System.Threading.RateLimiting, which ships only in the ASP.NET Core shared framework) lives in the
/// Frontend, so this project stays free of ASP.NET.
/// </summary>
public interface IActionRateLimiter
{
    /// <summary>Null when the call may proceed; otherwise how long the installation should wait.</summary>
    TimeSpan? TryAcquire(Guid installationId);
}
