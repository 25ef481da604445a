using System.Net;
using System.Security.Cryptography;
using Google.Cloud.Storage.V1;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>
/// The blob-store contract for <see cref="GcsBlobStore"/> (Google.Cloud.Storage.V1) in emulator mode
/// (GCS_EMULATOR_HOST: plain HTTP, no auth), against <see cref="GcsJsonApiTestDouble"/>, a TEST DOUBLE:
/// no GCS emulator that keeps preconditions and multi-chunk uploads can run here.
/// </summary>
public sealed class GcsBlobStoreAgainstGcsJsonApiTestDoubleTests : BlobStoreContractTests
{
    private const string Bucket = "scrm-bundles";
    private GcsJsonApiTestDouble _server = null!;
    private readonly List<GcsBlobStore> _stores = [];

    /// <summary>Retries as in production, only without the seconds of backoff.</summary>
    private static readonly RetryTiming QuickRetries = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), 2);

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _server = await GcsJsonApiTestDouble.StartAsync(Bucket);
        return await StoreAsync(new GcsBlobStoreOptions { Bucket = Bucket, EmulatorHost = _server.Host, RetryTiming = QuickRetries });
    }

    private async Task<GcsBlobStore> StoreAsync(GcsBlobStoreOptions options)
    {
        var store = await GcsBlobStore.CreateAsync(options, None);
        _stores.Add(store);
        return store;
    }

    protected override int StoredBlobCount() => _server.ObjectCount;

    public override async Task DisposeAsync()
    {
        _stores.ForEach(s => s.Dispose());
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Requests_go_to_the_emulator_under_storage_v1_create_only_with_names_percent_encoded_and_no_auth()
    {
        await Store.PutAsync("bundles/sha256/ab.tar.gz", new byte[] { 1 }, None);
        await Store.GetAsync("bundles/sha256/ab.tar.gz", None);
        await Store.ExistsAsync("bundles/sha256/ab.tar.gz", None);
        await Store.DeleteAsync("bundles/sha256/ab.tar.gz", None);
        await Store.PingAsync(None);

        var requests = _server.StorageRequests.Select(r => $"{r.Method} {r.RawTarget.Split('?')[0]}").ToList();
        Assert.Equal(
        [
            "POST /upload/storage/v1/b/scrm-bundles/o",
            "PUT /upload/storage/v1/b/scrm-bundles/o",
            "GET /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz",
            "GET /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz",
            "DELETE /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz",
            "GET /storage/v1/b/scrm-bundles",
        ], requests);
        var start = _server.StorageRequests[0].RawTarget;
        Assert.Contains("uploadType=resumable", start);
        Assert.Contains("ifGenerationMatch=0", start);
        Assert.Contains("alt=media", _server.StorageRequests[2].RawTarget);
        Assert.All(_server.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task A_20_MiB_blob_goes_up_in_several_chunks_and_comes_back_intact()
    {
        var data = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);

        await Store.PutAsync("big/twenty.bin", new MemoryStream(data), None);
        var read = await Store.GetAsync("big/twenty.bin", None);

        var chunks = _server.StorageRequests.Where(r => r.Method == "PUT").ToList();
        Assert.True(chunks.Count >= 2, $"expected a multi-chunk upload, saw {chunks.Count} chunk(s): {string.Join(", ", chunks.Select(c => c.ContentRange))}");
        Assert.All(chunks[..^1], chunk => Assert.Equal(308, chunk.Status));
        Assert.Equal(200, chunks[^1].Status);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(_server.StoredObjectData(Bucket, "big/twenty.bin")!));
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(read!));
    }

    [Fact]
    public async Task A_second_create_only_upload_of_a_key_gets_412_and_blob_exists_and_the_stored_bytes_stay()
    {
        var first = RandomNumberGenerator.GetBytes(3000);
        await Store.PutAsync("bundles/once", first, None);

        var refused = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.PutAsync("bundles/once", new byte[] { 9, 9, 9 }, None));

        Assert.Equal(PlatformErrorCodes.BlobExists, refused.Code);
        Assert.Equal(412, _server.StorageRequests[^1].Status);
        Assert.Equal(first, _server.StoredObjectData(Bucket, "bundles/once"));
        Assert.Equal(first, await Store.GetAsync("bundles/once", None));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Server_errors_become_blob_store_unavailable_on_every_operation(HttpStatusCode status)
    {
        async Task Unavailable(Func<Task> call)
        {
            _server.FailNext(100, status); // more than the client's tries
            Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(call)).Code);
            _server.FailNext(0, status);
        }

        await Unavailable(() => Store.PutAsync("k", new byte[] { 1 }, None));
        await Unavailable(() => Store.GetAsync("k", None));
        await Unavailable(() => Store.OpenReadAsync("k", None));
        await Unavailable(() => Store.ExistsAsync("k", None));
        await Unavailable(() => Store.DeleteAsync("k", None));
        await Unavailable(() => Store.PingAsync(None));
        Assert.Equal(0, _server.ObjectCount);
    }

    [Fact]
    public async Task A_transient_503_on_a_read_is_retried()
    {
        await Store.PutAsync("k", new byte[] { 4, 2 }, None);

        _server.FailNext(1, HttpStatusCode.ServiceUnavailable);
        Assert.True(await Store.ExistsAsync("k", None));

        Assert.Equal([503, 200], _server.StorageRequests.TakeLast(2).Select(r => r.Status));
    }

    [Fact]
    public async Task Ping_fails_when_the_bucket_does_not_exist()
    {
        var store = await StoreAsync(new GcsBlobStoreOptions { Bucket = "missing-bucket", EmulatorHost = _server.Host, RetryTiming = QuickRetries });

        var error = await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None));

        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, error.Code);
        Assert.Contains("missing-bucket", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_blob_store_unavailable()
    {
        var store = await StoreAsync(new GcsBlobStoreOptions { Bucket = Bucket, EmulatorHost = "127.0.0.1:1", RetryTiming = QuickRetries });

        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None))).Code);
        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(() => store.PutAsync("k", new byte[] { 1 }, None))).Code);
    }

    [Fact]
    public async Task EnsureBucket_creates_a_missing_bucket_in_the_project_and_leaves_an_existing_one()
    {
        var store = await StoreAsync(new GcsBlobStoreOptions { Bucket = "fresh-bucket", ProjectId = "acme-project", EmulatorHost = _server.Host, RetryTiming = QuickRetries });

        await store.EnsureBucketAsync(None);
        await store.EnsureBucketAsync(None);
        await store.PutAsync("k", new byte[] { 5 }, None);

        Assert.True(_server.HasBucket("fresh-bucket"));
        Assert.Single(_server.StorageRequests, r => r.Method == "POST" && r.RawTarget.StartsWith("/storage/v1/b?", StringComparison.Ordinal)
                                                    && r.RawTarget.Contains("project=acme-project", StringComparison.Ordinal));
        Assert.Equal(new byte[] { 5 }, _server.StoredObjectData("fresh-bucket", "k"));
    }

    [Fact]
    public async Task EnsureBucket_without_a_project_says_which_setting_is_missing()
    {
        var store = await StoreAsync(new GcsBlobStoreOptions { Bucket = "fresh-bucket", EmulatorHost = _server.Host, RetryTiming = QuickRetries });

        var error = await Assert.ThrowsAsync<PlatformException>(() => store.EnsureBucketAsync(None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.ProjectIdVariable, error.Message);
    }
}
