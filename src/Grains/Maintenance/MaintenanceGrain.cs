using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Maintenance;

namespace Selegic.Extensions.Grains.Maintenance;

/// <summary>Runs <see cref="ControlPlaneMaintenance"/> on its reminder; runs are one at a time (a grain), so two never overlap.</summary>
public sealed class MaintenanceGrain(ControlPlaneMaintenance maintenance, MaintenanceOptions options, ILogger<MaintenanceGrain> logger)
    : Grain, IMaintenanceGrain, IRemindable
{
    private const string ReminderPrefix = "maintenance-";

    /// <summary>The period is part of the name, so a changed setting replaces the reminder and a restart with the same one keeps its schedule.</summary>
    public string ReminderName => $"{ReminderPrefix}{options.PeriodSeconds}s";

    public async Task StartAsync()
    {
        var reminders = await this.GetReminders();
        if (reminders.Any(reminder => reminder.ReminderName == ReminderName))
            return;
        await this.RegisterOrUpdateReminder(ReminderName, options.Period, options.Period);
        foreach (var stale in reminders.Where(reminder => reminder.ReminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal)))
            await this.UnregisterReminder(stale);
        logger.LogInformation("Maintenance reminder registered: every {Period}, uninstalled installations purged after {Retention} days.",
            options.Period, options.UninstalledRetentionDays);
    }

    public async Task<MaintenanceReport> RunOnceAsync()
    {
        var result = await maintenance.RunAsync(CancellationToken.None);
        if (result.RevocationsPruned > 0 || result.InstallationsPurged > 0)
            logger.LogInformation("Maintenance: {Pruned} expired revocations pruned, {Purged} uninstalled installations purged.",
                result.RevocationsPruned, result.InstallationsPurged);
        return new MaintenanceReport(result.RevocationsPruned, result.InstallationsPurged);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal))
            return;
        try
        {
            await RunOnceAsync();
        }
        catch (Exception e)
        {
            // The next tick retries; a failing run must not unregister the reminder.
            logger.LogWarning("Maintenance run failed: {Message}", e.Message);
        }
    }
}
