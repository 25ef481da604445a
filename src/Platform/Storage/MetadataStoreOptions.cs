namespace Selegic.Extensions.Platform.Storage;

public enum MetadataStoreProvider
{
    /// <summary>Embedded default: one SQLite file under the data directory.</summary>
    Sqlite,
    /// <summary>Cluster: PostgreSQL, shared by every node.</summary>
    Postgres,
}

public sealed class MetadataStoreOptions
{
    public MetadataStoreProvider Provider { get; set; } = MetadataStoreProvider.Sqlite;
    /// <summary>SQLite database file (its directory is created if missing), e.g. "./data/extensions.db".</summary>
    public string SqlitePath { get; set; } = "";
    /// <summary>Npgsql connection string, e.g. "Host=db;Username=scrm;Password=...;Database=scrm".</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => Provider switch
    {
        MetadataStoreProvider.Sqlite when string.IsNullOrWhiteSpace(SqlitePath)
            => ["SqlitePath is required when Provider is Sqlite."],
        MetadataStoreProvider.Postgres when string.IsNullOrWhiteSpace(PostgresConnectionString)
            => ["PostgresConnectionString is required when Provider is Postgres."],
        MetadataStoreProvider.Sqlite or MetadataStoreProvider.Postgres => [],
        _ => [$"Provider '{Provider}' is not one of Sqlite, Postgres."],
    };
}
