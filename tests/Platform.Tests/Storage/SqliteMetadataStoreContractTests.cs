using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Storage;

public sealed class SqliteMetadataStoreContractTests : MetadataStoreContractTests
{
    private SqliteStoreBackend? _sqlite;

    protected override Task<StoreBackend> CreateBackendAsync() => Task.FromResult<StoreBackend>(_sqlite = new SqliteStoreBackend());

    [Fact]
    public async Task The_database_file_is_in_WAL_mode()
    {
        var store = (SqlMetadataStore)Store;
        await using var connection = await store.OpenConnectionAsync(None);
        await using var command = store.Command(connection, null, "PRAGMA journal_mode");

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.True(File.Exists(_sqlite!.DatabasePath));
    }

    [Fact]
    public async Task Ping_on_a_database_path_that_cannot_be_opened_fails_with_metadata_store_unavailable()
    {
        var directoryAsFile = Path.Combine(Path.GetTempPath(), "scrm-not-a-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directoryAsFile);
        try
        {
            await using var store = new SqliteMetadataStore(directoryAsFile);

            var error = await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None));

            Assert.Equal(PlatformErrorCodes.MetadataStoreUnavailable, error.Code);
        }
        finally
        {
            Directory.Delete(directoryAsFile);
        }
    }
}
