using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Selegic.Extensions.Grains.Changes;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Installations;
using Selegic.Extensions.Grains.Tokens;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
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
        silo.Services.TryAddSingleton<InstallationAudit>();
        silo.Services.AddSingleton<StoreInstallationWriter>();
        silo.Services.AddSingleton<IInstallationWriter, GrainInstallationWriter>();
        silo.Services.AddSingleton<StoreTokenRevoker>();
        silo.Services.AddSingleton<ITokenRevoker, GrainTokenRevoker>();
        return silo;
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
