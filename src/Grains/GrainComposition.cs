using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Grains.Changes;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Registry;

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
        return silo;
    }
}
