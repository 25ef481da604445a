using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Storage;

/// <summary>Runs against the real PostgreSQL named by EXTENSIONS_TEST_POSTGRES (fails, never skips, without it).</summary>
public sealed class PostgresMetadataStoreContractTests : MetadataStoreContractTests
{
    protected override async Task<StoreBackend> CreateBackendAsync() => await PostgresStoreBackend.CreateAsync();

    [Fact]
    public async Task Ping_on_a_server_that_does_not_answer_fails_with_metadata_store_unavailable()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var store = new PostgresMetadataStore("Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=5");

        var error = await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None));

        Assert.Equal(PlatformErrorCodes.MetadataStoreUnavailable, error.Code);
    }
}
