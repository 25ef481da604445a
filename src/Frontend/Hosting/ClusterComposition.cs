using Selegic.Extensions.Silo;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>The co-hosted silo's topology follows the metadata store: PostgreSQL means a cluster node, SQLite the embedded default.</summary>
public static class ClusterComposition
{
    public static SiloTopology Topology(IConfiguration configuration)
    {
        var options = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        // Checked here, not with ServerOptions: the silo is composed while the host is built, before options are validated.
        var settings = ClusterSettings.From(configuration);
        var isCluster = options.MetadataStore?.Trim().Equals(MetadataStoreKinds.Postgres, StringComparison.OrdinalIgnoreCase) == true;
        return new SiloTopology(settings, isCluster ? options.PostgresConnectionString ?? "" : null);
    }
}
