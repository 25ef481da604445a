using Microsoft.Extensions.Options;
using Selegic.Extensions.Silo;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>
/// The co-hosted silo's topology follows the metadata store: PostgreSQL means a cluster node, SQLite the
/// embedded default. With Extensions:Cluster:Role=client the node hosts no silo and is an Orleans client (PostgreSQL only).
/// </summary>
public static class ClusterComposition
{
    public static SiloTopology Topology(IConfiguration configuration)
    {
        var options = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        // Checked here, not with ServerOptions: the silo is composed while the host is built, before options are validated.
        var settings = ClusterSettings.From(configuration);
        var isCluster = options.MetadataStore?.Trim().Equals(MetadataStoreKinds.Postgres, StringComparison.OrdinalIgnoreCase) == true;
        if (settings.IsClient && !isCluster)
            throw new OptionsValidationException(ClusterSettings.SectionName, typeof(ClusterSettings),
                [$"{ClusterSettings.SectionName}:Role is 'client': an Orleans client finds the silos' gateways in the cluster's database; set {ServerOptions.SectionName}:MetadataStore to 'postgres'."]);
        return new SiloTopology(settings, isCluster ? options.PostgresConnectionString ?? "" : null);
    }
}
