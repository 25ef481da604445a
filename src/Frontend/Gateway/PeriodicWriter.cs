namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// What the gateway's off-request-path writers share: calls only queue in memory, and
/// <see cref="FlushAsync"/> runs every <see cref="FlushInterval"/> and once more on stopping, so
/// what is queued is still written (even when the host stops before the loop ever ran).
/// </summary>
public abstract class PeriodicWriter(TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    protected TimeProvider Time => time;

    /// <summary>Writes what has queued up; must not throw (a failed write is logged and counted by the writer).</summary>
    protected abstract Task FlushAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync();
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }
}
