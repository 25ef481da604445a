using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tests.Storage;

public sealed class MetadataStoreFactoryTests
{
    [Fact]
    public async Task The_default_provider_is_a_SQLite_file_at_the_configured_path()
    {
        var directory = Path.Combine(Path.GetTempPath(), "scrm-factory-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = MetadataStoreFactory.Create(new MetadataStoreOptions { SqlitePath = Path.Combine(directory, "data", "x.db") });
            await store.MigrateAsync(CancellationToken.None);

            Assert.IsType<SqliteMetadataStore>(store);
            Assert.True(File.Exists(Path.Combine(directory, "data", "x.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(MetadataStoreProvider.Sqlite, "", "", "SqlitePath")]
    [InlineData(MetadataStoreProvider.Postgres, "", "", "PostgresConnectionString")]
    [InlineData(MetadataStoreProvider.Postgres, "", "Hots=typo;;==", "Postgres")]
    [InlineData((MetadataStoreProvider)7, "x.db", "", "Provider")]
    public void Unusable_settings_are_refused_naming_the_setting(MetadataStoreProvider provider, string sqlitePath, string connectionString, string named)
    {
        var error = Assert.Throws<PlatformException>(() => MetadataStoreFactory.Create(
            new MetadataStoreOptions { Provider = provider, SqlitePath = sqlitePath, PostgresConnectionString = connectionString }));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(named, error.Message);
    }
}
