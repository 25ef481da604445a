namespace Selegic.Extensions.Silo;

/// <summary>How a silo finds the others.</summary>
/// <param name="PostgresConnectionString">null: the embedded default, one silo with localhost clustering; else ADO.NET clustering on that database</param>
public sealed record SiloTopology(ClusterSettings Settings, string? PostgresConnectionString)
{
    public bool IsCluster => PostgresConnectionString is not null;
}
