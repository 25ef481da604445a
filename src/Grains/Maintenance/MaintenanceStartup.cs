using Microsoft.Extensions.Logging;

namespace Selegic.Extensions.Grains.Maintenance;

/// <summary>
/// As a silo starts, makes sure the maintenance reminder exists, in the background and retried: a
/// silo must not fail to start because the grain's silo or the reminder table is not ready yet.
/// </summary>
internal sealed class MaintenanceStartup(IGrainFactory grains, ILogger<MaintenanceStartup> logger)
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);
    private const int Attempts = 30;

    public Task StartAsync(CancellationToken stopping)
    {
        _ = Task.Run(async () =>
        {
            for (var attempt = 1; attempt <= Attempts && !stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await grains.GetGrain<IMaintenanceGrain>(IMaintenanceGrain.Key).StartAsync();
                    return;
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning("Could not register the maintenance reminder (attempt {Attempt} of {Attempts}): {Message}", attempt, Attempts, e.Message);
                    await Task.Delay(RetryEvery, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }
}
