using Microsoft.Extensions.Options;
using Selegic.Extensions.Silo;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>The co-hosted silo's topology follows the metadata store: PostgreSQL means a cluster node, SQLite the embedded default.</summary>
public static class ClusterComposition
{
    public static SiloTopology Topology(IConfiguration configuration)
    {
        var options = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        var settings = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        // Checked here, not with ServerOptions: the silo is composed while the host is built, before options are validated.
        if (settings.Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(ClusterSettings.SectionName, typeof(ClusterSettings), problems);
        var isCluster = options.MetadataStore?.Trim().Equals(MetadataStoreKinds.Postgres, StringComparison.OrdinalIgnoreCase) == true;
        return new SiloTopology(settings, isCluster ? options.PostgresConnectionString ?? "" : null);
    }
}
