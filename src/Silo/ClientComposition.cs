using Orleans.Configuration;
using Orleans.Dashboard;
using Selegic.Extensions.Grains;

namespace Selegic.Extensions.Silo;

/// <summary>
/// Composes an Orleans client: a Frontend of the split topology, connecting to the cluster's silos
/// through the gateways listed in the membership table (ADO.NET clustering on the same PostgreSQL).
/// </summary>
public static class ClientComposition
{
    public static IClientBuilder AddExtensionsClient(this IClientBuilder client, SiloTopology topology)
    {
        var settings = topology.Settings;
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = settings.ClusterId;
            cluster.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = SiloComposition.PostgresInvariant;
            clustering.ConnectionString = topology.PostgresConnectionString;
        });
        // Reread the gateway list every 2 s (default: a minute), in step with the silos' membership timings.
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.AddDashboard(dashboard => dashboard.HideTrace = true); // the Frontend serves /ops/dashboard/ from the silos' dashboard grains
        return client.AddExtensionsClientServices();
    }
}
