using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Selegic.Extensions.Grains.Changes;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Installations;
using Selegic.Extensions.Grains.Maintenance;
using Selegic.Extensions.Grains.RateLimits;
using Selegic.Extensions.Grains.Tokens;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Maintenance;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Tokens;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Grains;

/// <summary>What a silo needs to run this project's grains and services, next to the control plane's own services.</summary>
public static class GrainComposition
{
    public static ISiloBuilder AddExtensionsGrains(this ISiloBuilder silo)
    {
        silo.AddGrainService<ChangeRelay>();
        silo.Services.AddSingleton<ChangeRelayClient>();
        silo.Services.AddSingleton<ChangeListeners>();
        silo.Services.AddSingleton<IChangePublisher, ClusterChangePublisher>();
        silo.Services.AddSingleton<StoreVersionWriter>();
        silo.Services.AddSingleton<IVersionWriter, GrainVersionWriter>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<InstallationAudit>();
        silo.Services.AddSingleton<StoreInstallationWriter>();
        silo.Services.AddSingleton<IInstallationWriter, GrainInstallationWriter>();
        silo.Services.AddSingleton<StoreTokenRevoker>();
        silo.Services.AddSingleton<ITokenRevoker, GrainTokenRevoker>();
        AddMaintenance(silo);
        silo.Services.AddSingleton<ClusterActionRateLimiter>();
        silo.Services.AddSingleton<IActionRateLimiter>(provider => provider.GetRequiredService<ClusterActionRateLimiter>());
        return silo;
    }

    /// <summary>
    /// The periodic maintenance: options from "Extensions:Maintenance" (a bad value stops start-up), its
    /// grain's reminder registered as the silo starts. Which reminder service keeps it is the topology's
    /// choice (src/Silo: ADO.NET on PostgreSQL, in memory on the embedded default).
    /// </summary>
    private static void AddMaintenance(ISiloBuilder silo)
    {
        var options = silo.Configuration.GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();
        if (options.Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(MaintenanceOptions.SectionName, typeof(MaintenanceOptions), problems);
        silo.Services.AddSingleton(options);
        silo.Services.AddSingleton<ControlPlaneMaintenance>();
        silo.Services.AddSingleton<MaintenanceStartup>();
        // Orleans refuses reminder periods under a minute unless told otherwise.
        silo.Configure<ReminderOptions>(reminders =>
            reminders.MinimumReminderPeriod = options.Period < reminders.MinimumReminderPeriod ? options.Period : reminders.MinimumReminderPeriod);
        silo.AddStartupTask((services, cancellationToken) => services.GetRequiredService<MaintenanceStartup>().StartAsync(cancellationToken));
    }

    /// <summary>
    /// What a Frontend that is an Orleans client needs: every write goes to its grain on a silo, handlers
    /// run on the silos (<see cref="GrainRunner"/>), and the silos' changes reach this node's listeners
    /// (<see cref="ClientChangeSubscription"/>).
    /// </summary>
    public static IClientBuilder AddExtensionsClientServices(this IClientBuilder client)
    {
        client.Services.AddSingleton<ChangeListeners>();
        client.Services.TryAddSingleton<InstallationAudit>();
        client.Services.AddSingleton<IVersionWriter, GrainVersionWriter>();
        client.Services.AddSingleton<IInstallationWriter, GrainInstallationWriter>();
        client.Services.AddSingleton<ITokenRevoker, GrainTokenRevoker>();
        client.Services.AddSingleton<IRunner, GrainRunner>();
        client.Services.AddHostedService<ClientChangeSubscription>();
        return client;
    }
}
