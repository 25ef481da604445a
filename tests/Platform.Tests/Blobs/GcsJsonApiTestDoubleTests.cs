using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google;
using Google.Cloud.Storage.V1;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>
/// The parts of the JSON API that <see cref="GcsJsonApiTestDouble"/> (a TEST DOUBLE) plays beyond what
/// the blob store calls, spoken to by the official client, so the double answers as GCS does.
/// </summary>
public sealed class GcsJsonApiTestDoubleTests : IAsyncLifetime
{
    private const string Bucket = "double-bucket";
    private GcsJsonApiTestDouble _server = null!;
    private StorageClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await GcsJsonApiTestDouble.StartAsync(Bucket);
        _client = await new StorageClientBuilder { BaseUri = _server.BaseUrl + "/storage/v1/", UnauthenticatedAccess = true }.BuildAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private Task<Google.Apis.Storage.v1.Data.Object> UploadAsync(string name, byte[] data) =>
        _client.UploadObjectAsync(Bucket, name, "application/octet-stream", new MemoryStream(data), new UploadObjectOptions { IfGenerationMatch = 0 });

    [Fact]
    public async Task A_range_download_gets_206_without_a_hash_and_the_client_takes_the_part()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await UploadAsync("ranged", data);
        using var part = new MemoryStream();

        await _client.DownloadObjectAsync(Bucket, "ranged", part, new DownloadObjectOptions { Range = new RangeHeaderValue(100, 199) });

        Assert.Equal(data[100..200], part.ToArray());
        Assert.Equal(206, _server.StorageRequests[^1].Status);
    }

    [Fact]
    public async Task Listing_with_prefix_and_delimiter_pages_through_items_and_prefixes()
    {
        foreach (var name in new[] { "a/1", "a/2", "a/b/3", "a/b/4", "c" })
            await UploadAsync(name, [1]);

        var pages = new List<Google.Apis.Storage.v1.Data.Objects>();
        await foreach (var page in _client.ListObjectsAsync(Bucket, "a/", new ListObjectsOptions { Delimiter = "/", PageSize = 2 }).AsRawResponses())
            pages.Add(page);

        Assert.Equal(2, pages.Count);
        Assert.Equal(["a/1", "a/2"], pages.SelectMany(p => p.Items ?? []).Select(o => o.Name));
        Assert.Equal(["a/b/"], pages.SelectMany(p => p.Prefixes ?? []));
        Assert.Contains(_server.StorageRequests, r => r.RawTarget.Contains("pageToken=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delete_whose_generation_precondition_fails_gets_412_and_the_object_stays()
    {
        var stored = await UploadAsync("kept", [7]);

        var refused = await Assert.ThrowsAsync<GoogleApiException>(() =>
            _client.DeleteObjectAsync(Bucket, "kept", new DeleteObjectOptions { IfGenerationMatch = stored.Generation + 1 }));
        await _client.DeleteObjectAsync(Bucket, "kept", new DeleteObjectOptions { IfGenerationMatch = stored.Generation });

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.HttpStatusCode);
        Assert.Equal("conditionNotMet", refused.Error.Errors.Single().Reason);
        Assert.Equal(0, _server.ObjectCount);
    }

    [Fact]
    public async Task A_missing_object_and_a_non_empty_bucket_get_the_error_json_of_gcs()
    {
        await UploadAsync("x", [1]);

        var missing = await Assert.ThrowsAsync<GoogleApiException>(() => _client.GetObjectAsync(Bucket, "nothing"));
        var notEmpty = await Assert.ThrowsAsync<GoogleApiException>(() => _client.DeleteBucketAsync(Bucket));

        Assert.Equal((HttpStatusCode.NotFound, "notFound"), (missing.HttpStatusCode, missing.Error.Errors.Single().Reason));
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (notEmpty.HttpStatusCode, notEmpty.Error.Errors.Single().Reason));
    }

    [Fact]
    public async Task A_last_chunk_whose_crc32c_does_not_match_is_refused_with_400_and_nothing_is_stored()
    {
        using var http = new HttpClient();
        using var start = await http.PostAsync($"{_server.BaseUrl}/upload/storage/v1/b/{Bucket}/o?uploadType=resumable&ifGenerationMatch=0",
            new StringContent("""{"name":"damaged"}""", Encoding.UTF8, "application/json"));
        var chunk = new ByteArrayContent([1, 2, 3]);
        chunk.Headers.ContentRange = new ContentRangeHeaderValue(0, 2, 3);
        var put = new HttpRequestMessage(HttpMethod.Put, start.Headers.Location) { Content = chunk };
        put.Headers.Add("x-goog-hash", "crc32c=" + GcsJsonApiTestDouble.Crc32cBase64([1, 2, 4]));

        using var answer = await http.SendAsync(put);

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(0, _server.ObjectCount);
    }
}
