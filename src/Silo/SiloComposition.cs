using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using Selegic.Extensions.Grains;

namespace Selegic.Extensions.Silo;

/// <summary>
/// Composes a silo: clustering by topology, membership timings, this project's grains. Used by the
/// Frontend (co-hosted silo) and by the headless silo host (Program.cs).
/// </summary>
public static class SiloComposition
{
    /// <summary>The ADO.NET invariant of the PostgreSQL provider (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    public static ISiloBuilder AddExtensionsSilo(this ISiloBuilder silo, SiloTopology topology)
    {
        var settings = topology.Settings;
        var siloPort = FreePort.Resolve(settings.SiloPort, ClusterSettings.DefaultSiloPort, topology.IsCluster);
        var gatewayPort = FreePort.Resolve(settings.GatewayPort, ClusterSettings.DefaultGatewayPort, topology.IsCluster);
        if (topology.PostgresConnectionString is { } connectionString)
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = settings.ClusterId;
                cluster.ServiceId = settings.ServiceId;
            });
            if (string.IsNullOrWhiteSpace(settings.AdvertisedAddress))
                silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
            else
                silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), siloPort, gatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = PostgresInvariant;
                clustering.ConnectionString = connectionString;
            });
            silo.Configure<ClusterMembershipOptions>(MembershipTimings.Apply);
            if (settings.Kubernetes)
                silo.UseKubernetesHosting(); // after the endpoints and ids above: the pod's values win
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }
        silo.AddDashboard(); // every silo reports to the Orleans dashboard the Frontend serves (docs/operations.md)
        return silo.AddExtensionsGrains();
    }
}
