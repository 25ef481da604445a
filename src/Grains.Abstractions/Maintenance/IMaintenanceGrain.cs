namespace Selegic.Extensions.Grains.Maintenance;

/// <summary>
/// The cluster's periodic maintenance (one grain, key <see cref="Key"/>), run on an Orleans reminder:
/// durable in the cluster (ADO.NET reminders on PostgreSQL), so it runs once per period on one silo.
/// </summary>
[Alias("scrm.IMaintenanceGrain")]
public interface IMaintenanceGrain : IGrainWithStringKey
{
    /// <summary>The one key ("maintenance:cluster"; not hex, so never read as an integer key).</summary>
    const string Key = "maintenance:cluster";

    /// <summary>Registers the reminder unless it already runs at this period (every silo calls this as it starts).</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>One run now: prune expired revocations, purge installations uninstalled past the retention.</summary>
    [Alias("RunOnce")]
    Task<MaintenanceReport> RunOnceAsync();
}

[GenerateSerializer, Immutable, Alias("scrm.MaintenanceReport")]
public sealed record MaintenanceReport(
    [property: Id(0)] int RevocationsPruned,
    [property: Id(1)] int InstallationsPurged);
