using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>
/// The blob-store contract for <see cref="GcsBlobStore"/> in emulator mode (GCS_EMULATOR_HOST:
/// plain HTTP, no auth), against <see cref="FakeGcsServer"/>, a TEST DOUBLE: no GCS emulator can run here.
/// </summary>
public sealed class GcsBlobStoreAgainstFakeGcsServerTestDoubleTests : BlobStoreContractTests
{
    private const string Bucket = "scrm-bundles";
    private FakeGcsServer _server = null!;
    private readonly HttpClient _http = new();

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _server = await FakeGcsServer.StartAsync(Bucket);
        var options = new GcsBlobStoreOptions { Bucket = Bucket, EmulatorHost = _server.BaseUrl.Replace("http://", "") };
        return await GcsBlobStore.CreateAsync(options, _http, None);
    }

    protected override int StoredBlobCount() => _server.ObjectCount;

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Requests_follow_the_JSON_API_with_names_percent_encoded_and_no_auth_for_the_emulator()
    {
        await Store.PutAsync("bundles/sha256/ab.tar.gz", new byte[] { 1 }, None);
        await Store.GetAsync("bundles/sha256/ab.tar.gz", None);
        await Store.ExistsAsync("bundles/sha256/ab.tar.gz", None);
        await Store.DeleteAsync("bundles/sha256/ab.tar.gz", None);
        await Store.PingAsync(None);

        Assert.Equal(
        [
            "POST /upload/storage/v1/b/scrm-bundles/o?uploadType=media&name=bundles%2Fsha256%2Fab.tar.gz",
            "GET /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz?alt=media",
            "GET /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz",
            "DELETE /storage/v1/b/scrm-bundles/o/bundles%2Fsha256%2Fab.tar.gz",
            "GET /storage/v1/b/scrm-bundles",
        ], _server.StorageRequests.Select(r => $"{r.Method} {r.RawTarget}"));
        Assert.All(_server.Requests, r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Server_errors_become_blob_store_unavailable_on_every_operation(HttpStatusCode status)
    {
        async Task Unavailable(Func<Task> call)
        {
            _server.FailNext(1, status);
            Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(call)).Code);
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
    public async Task Ping_fails_when_the_bucket_does_not_exist()
    {
        var store = new GcsBlobStore(new GcsBlobStoreOptions { Bucket = "missing-bucket", EmulatorHost = _server.BaseUrl }, _http, null);

        var error = await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None));

        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, error.Code);
        Assert.Contains("missing-bucket", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_blob_store_unavailable()
    {
        var store = new GcsBlobStore(new GcsBlobStoreOptions { Bucket = Bucket, EmulatorHost = "127.0.0.1:1" }, _http, null);

        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None))).Code);
        Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, (await Assert.ThrowsAsync<PlatformException>(() => store.PutAsync("k", new byte[] { 1 }, None))).Code);
    }

    [Fact]
    public async Task EnsureBucket_creates_a_missing_bucket_in_the_project_and_leaves_an_existing_one()
    {
        var store = new GcsBlobStore(new GcsBlobStoreOptions { Bucket = "fresh-bucket", ProjectId = "acme-project", EmulatorHost = _server.BaseUrl }, _http, null);

        await store.EnsureBucketAsync(None);
        await store.EnsureBucketAsync(None);
        await store.PutAsync("k", new byte[] { 5 }, None);

        Assert.True(_server.HasBucket("fresh-bucket"));
        Assert.Single(_server.StorageRequests, r => r.Method == "POST" && r.RawTarget == "/storage/v1/b?project=acme-project");
        Assert.Equal(new byte[] { 5 }, _server.StoredObject("fresh-bucket", "k"));
    }

    [Fact]
    public async Task EnsureBucket_without_a_project_says_which_setting_is_missing()
    {
        var store = new GcsBlobStore(new GcsBlobStoreOptions { Bucket = "fresh-bucket", EmulatorHost = _server.BaseUrl }, _http, null);

        var error = await Assert.ThrowsAsync<PlatformException>(() => store.EnsureBucketAsync(None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.ProjectIdVariable, error.Message);
    }
}

/// <summary>
/// <see cref="GcsBlobStore"/> with a service-account key file (EXTENSION_GCS_KEY_FILE): Google.Apis.Auth
/// signs a JWT with the key and trades it at the key file's token_uri for an access token, which
/// must then authorize every storage request. The Google endpoints are played by
/// <see cref="FakeGcsServer"/>, a TEST DOUBLE that verifies the JWT signature.
/// </summary>
public sealed class GcsServiceAccountAuthAgainstFakeGcsServerTestDoubleTests : IAsyncLifetime
{
    private const string Bucket = "scrm-bundles";
    private static CancellationToken None => CancellationToken.None;
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "scrm-sa-" + Guid.NewGuid().ToString("N") + ".json");
    private readonly HttpClient _http = new();
    private FakeGcsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGcsServer.StartAsync(Bucket);
        _server.RequireServiceAccount(_serviceAccountKey);
        await WriteKeyFileAsync(_keyFile, _serviceAccountKey);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_keyFile);
        _http.Dispose();
        _serviceAccountKey.Dispose();
        await _server.DisposeAsync();
    }

    private Task WriteKeyFileAsync(string path, RSA key) => File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "acme-project",
        ["private_key_id"] = "key-1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = "scrm@acme-project.iam.gserviceaccount.com",
        ["client_id"] = "1234567890",
        ["token_uri"] = _server.BaseUrl + "/token",
    }));

    private GcsBlobStoreOptions Options(string keyFile) =>
        new() { Bucket = Bucket, KeyFile = keyFile, Endpoint = _server.BaseUrl, ProjectId = "acme-project" };

    [Fact]
    public async Task Every_storage_request_carries_the_access_token_obtained_with_the_key_file()
    {
        var store = await GcsBlobStore.CreateAsync(Options(_keyFile), _http, None);

        await store.PutAsync("a/b", new byte[] { 1, 2, 3 }, None);
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync("a/b", None));
        Assert.True(await store.ExistsAsync("a/b", None));
        await store.PingAsync(None);

        Assert.All(_server.StorageRequests, r => Assert.Equal("Bearer " + _server.RequiredAccessToken, r.Authorization));
        Assert.Equal(4, _server.StorageRequests.Count);
        Assert.Equal(1, _server.TokensIssued); // cached between requests
    }

    [Fact]
    public async Task A_key_the_token_endpoint_does_not_trust_gets_no_token_and_no_storage_access()
    {
        using var otherKey = RSA.Create(2048);
        var untrustedKeyFile = _keyFile + ".other.json";
        await WriteKeyFileAsync(untrustedKeyFile, otherKey);
        try
        {
            var store = await GcsBlobStore.CreateAsync(Options(untrustedKeyFile), _http, None);

            var error = await Assert.ThrowsAsync<PlatformException>(() => store.PutAsync("a/b", new byte[] { 1 }, None));

            Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, error.Code);
            Assert.Empty(_server.StorageRequests);
            Assert.Equal(0, _server.ObjectCount);
        }
        finally
        {
            File.Delete(untrustedKeyFile);
        }
    }

    [Fact]
    public async Task A_key_file_that_is_not_a_service_account_key_is_invalid_configuration()
    {
        await File.WriteAllTextAsync(_keyFile, """{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}""");

        var error = await Assert.ThrowsAsync<PlatformException>(() => GcsBlobStore.CreateAsync(Options(_keyFile), _http, None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.KeyFileVariable, error.Message);
    }

    [Fact]
    public async Task Missing_settings_are_refused_naming_each_setting()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => GcsBlobStore.CreateAsync(new GcsBlobStoreOptions(), _http, None));
        var missingFile = await Assert.ThrowsAsync<PlatformException>(() =>
            GcsBlobStore.CreateAsync(new GcsBlobStoreOptions { Bucket = Bucket, KeyFile = "/nonexistent/key.json" }, _http, None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.BucketVariable, error.Message);
        Assert.Contains(GcsBlobStoreOptions.KeyFileVariable, error.Message);
        Assert.Contains("/nonexistent/key.json", missingFile.Message);
    }
}
