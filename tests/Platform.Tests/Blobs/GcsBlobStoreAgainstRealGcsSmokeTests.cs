using System.Security.Cryptography;
using Selegic.Extensions.Platform.Blobs;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>
/// Smoke test against real Google Cloud Storage, opt-in: it carries the trait Category=RealGcs, which
/// scripts/test.sh filters out unless EXTENSIONS_TEST_GCS_KEY_FILE (a service-account key) and
/// EXTENSIONS_TEST_GCS_BUCKET are set. Run on its own without them, it fails saying what is missing.
/// </summary>
[Trait("Category", "RealGcs")]
public sealed class GcsBlobStoreAgainstRealGcsSmokeTests
{
    private static readonly string? KeyFile = Environment.GetEnvironmentVariable("EXTENSIONS_TEST_GCS_KEY_FILE");
    private static readonly string? Bucket = Environment.GetEnvironmentVariable("EXTENSIONS_TEST_GCS_BUCKET");
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_blob_round_trips_is_never_overwritten_and_is_deleted_on_real_gcs()
    {
        Assert.False(string.IsNullOrWhiteSpace(KeyFile) || string.IsNullOrWhiteSpace(Bucket),
            "Real GCS is not configured: set EXTENSIONS_TEST_GCS_KEY_FILE and EXTENSIONS_TEST_GCS_BUCKET (or filter out Category=RealGcs).");
        using var store = await GcsBlobStore.CreateAsync(new GcsBlobStoreOptions { Bucket = Bucket!, KeyFile = KeyFile }, None);
        var key = $"scrm-smoke/{Guid.NewGuid():N}.bin";
        var data = RandomNumberGenerator.GetBytes(11 * 1024 * 1024); // more than one upload chunk
        try
        {
            await store.PingAsync(None);
            await store.PutAsync(key, data, None);

            var refused = await Assert.ThrowsAsync<AlreadyExistsException>(() => store.PutAsync(key, new byte[] { 1 }, None));

            Assert.Equal(PlatformErrorCodes.BlobExists, refused.Code);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData((await store.GetAsync(key, None))!));
        }
        finally
        {
            await store.DeleteAsync(key, None);
        }
        Assert.False(await store.ExistsAsync(key, None));
    }
}
