using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tests.Support;

/// <summary>
/// One database for one test, on either backend. <see cref="OpenStore"/> returns a new store
/// instance over the same database each time, as a second node would have.
/// </summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract SqlMetadataStore OpenStore();
    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteStoreBackend : StoreBackend
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scrm-store-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_directory, "extensions.db");

    public override SqlMetadataStore OpenStore() => new SqliteMetadataStore(DatabasePath);

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresStoreBackend(PostgresTestDatabase database) : StoreBackend
{
    public static async Task<PostgresStoreBackend> CreateAsync() => new(await PostgresTestDatabase.CreateAsync());

    public string ConnectionString => database.ConnectionString;

    public override SqlMetadataStore OpenStore() => new PostgresMetadataStore(database.ConnectionString);

    public override ValueTask DisposeAsync() => database.DisposeAsync();
}
