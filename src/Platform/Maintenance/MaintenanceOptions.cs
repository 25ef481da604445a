namespace Selegic.Extensions.Platform.Maintenance;

/// <summary>
/// The cluster's periodic maintenance, section "Extensions:Maintenance" (environment:
/// <c>Extensions__Maintenance__PeriodSeconds</c> and so on; docs/configuration.md).
/// </summary>
public sealed class MaintenanceOptions
{
    public const string SectionName = "Extensions:Maintenance";

    /// <summary>How often the maintenance runs (an Orleans reminder, so once per cluster, not per node).</summary>
    public int PeriodSeconds { get; set; } = 3600;

    /// <summary>How long an uninstalled installation's storage and logs are kept before they are purged.</summary>
    public double UninstalledRetentionDays { get; set; } = 30;

    public TimeSpan Period => TimeSpan.FromSeconds(PeriodSeconds);

    public TimeSpan UninstalledRetention => TimeSpan.FromDays(UninstalledRetentionDays);

    /// <summary>Each problem names the setting to fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PeriodSeconds is < 1 or > 7 * 24 * 3600)
            problems.Add($"{SectionName}:{nameof(PeriodSeconds)} must be 1 to 604800 (a week); got {PeriodSeconds}.");
        if (double.IsNaN(UninstalledRetentionDays) || UninstalledRetentionDays is < 0 or > 36500)
            problems.Add($"{SectionName}:{nameof(UninstalledRetentionDays)} must be 0 to 36500; got {UninstalledRetentionDays}.");
        return problems;
    }
}
