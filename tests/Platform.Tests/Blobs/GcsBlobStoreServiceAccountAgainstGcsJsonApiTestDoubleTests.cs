using System.Security.Cryptography;
using System.Text.Json;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>
/// <see cref="GcsBlobStore"/> with a service-account key file (EXTENSION_GCS_KEY_FILE): the client signs
/// a JWT with the key and trades it at the key file's token_uri for an access token, which must then
/// authorize every storage request. Google's endpoints are played by <see cref="GcsJsonApiTestDouble"/>,
/// a TEST DOUBLE that verifies the JWT signature, audience and scope.
/// </summary>
public sealed class GcsBlobStoreServiceAccountAgainstGcsJsonApiTestDoubleTests : IAsyncLifetime
{
    private const string Bucket = "scrm-bundles";
    private static CancellationToken None => CancellationToken.None;
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "scrm-sa-" + Guid.NewGuid().ToString("N") + ".json");
    private GcsJsonApiTestDouble _server = null!;

    public async Task InitializeAsync()
    {
        _server = await GcsJsonApiTestDouble.StartAsync(Bucket);
        _server.RequireServiceAccount(_serviceAccountKey);
        await WriteKeyFileAsync(_keyFile, _serviceAccountKey);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_keyFile);
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
        new() { Bucket = Bucket, KeyFile = keyFile, Endpoint = _server.BaseUrl + "/storage/v1/", ProjectId = "acme-project" };

    [Fact]
    public async Task Every_storage_request_carries_the_access_token_obtained_with_the_key_file()
    {
        using var store = await GcsBlobStore.CreateAsync(Options(_keyFile), None);

        await store.PutAsync("a/b", new byte[] { 1, 2, 3 }, None);
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync("a/b", None));
        Assert.True(await store.ExistsAsync("a/b", None));
        await store.PingAsync(None);

        Assert.All(_server.StorageRequests, r => Assert.Equal("Bearer " + _server.RequiredAccessToken, r.Authorization));
        Assert.Equal(5, _server.StorageRequests.Count); // upload session + one chunk, download, metadata, bucket
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
            using var store = await GcsBlobStore.CreateAsync(Options(untrustedKeyFile), None);

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

        var error = await Assert.ThrowsAsync<PlatformException>(() => GcsBlobStore.CreateAsync(Options(_keyFile), None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.KeyFileVariable, error.Message);
    }

    [Fact]
    public async Task Missing_settings_are_refused_naming_each_setting()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => GcsBlobStore.CreateAsync(new GcsBlobStoreOptions(), None));
        var missingFile = await Assert.ThrowsAsync<PlatformException>(() =>
            GcsBlobStore.CreateAsync(new GcsBlobStoreOptions { Bucket = Bucket, KeyFile = "/nonexistent/key.json" }, None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(GcsBlobStoreOptions.BucketVariable, error.Message);
        Assert.Contains(GcsBlobStoreOptions.KeyFileVariable, error.Message);
        Assert.Contains("/nonexistent/key.json", missingFile.Message);
    }
}
