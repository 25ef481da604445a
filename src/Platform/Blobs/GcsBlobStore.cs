using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Blobs as objects in one Google Cloud Storage bucket, through the JSON API
/// (https://cloud.google.com/storage/docs/json_api): simple media upload, object download and
/// metadata, object delete, bucket get. With an emulator host the API is plain HTTP without auth.
/// A GCS object write is atomic: readers never see a partial object.
/// </summary>
public sealed class GcsBlobStore : IBlobStore
{
    private readonly HttpClient _http;
    private readonly IAccessTokenSource? _tokens;
    private readonly string _baseUrl;
    private readonly string _bucket;
    private readonly string? _projectId;

    /// <param name="tokens">Null only for an emulator (no auth).</param>
    public GcsBlobStore(GcsBlobStoreOptions options, HttpClient httpClient, IAccessTokenSource? tokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket, nameof(options.Bucket));
        _http = httpClient;
        _tokens = tokens;
        _bucket = options.Bucket;
        _projectId = options.ProjectId;
        _baseUrl = BaseUrlOf(options);
    }

    /// <summary>Validates the options and builds the store: no auth for an emulator, else the key file's service account.</summary>
    public static async Task<GcsBlobStore> CreateAsync(GcsBlobStoreOptions options, HttpClient httpClient, CancellationToken cancellationToken)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration, string.Join(" ", problems));
        var tokens = string.IsNullOrWhiteSpace(options.EmulatorHost)
            ? await ServiceAccountTokenSource.FromKeyFileAsync(options.KeyFile!, cancellationToken)
            : null;
        return new GcsBlobStore(options, httpClient, tokens);
    }

    /// <summary>The JSON API base URL: the emulator (http:// added when no scheme is given), else the endpoint.</summary>
    internal static string BaseUrlOf(GcsBlobStoreOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.EmulatorHost))
        {
            var host = options.EmulatorHost.Trim();
            return (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/');
        }
        return (string.IsNullOrWhiteSpace(options.Endpoint) ? GcsBlobStoreOptions.DefaultEndpoint : options.Endpoint.Trim()).TrimEnd('/');
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        UploadAsync(key, new ReadOnlyMemoryContent(content), cancellationToken);

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
        UploadAsync(key, new BorrowedStreamContent(content), cancellationToken);

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, ObjectUrl(key) + "?alt=media", null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        EnsureSuccess(response, "download", key);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, ObjectUrl(key) + "?alt=media", null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }
        try
        {
            EnsureSuccess(response, "download", key);
            return await response.Content.ReadAsStreamAsync(cancellationToken); // disposing it releases the response
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, ObjectUrl(key), null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        EnsureSuccess(response, "read metadata of", key);
        return true;
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, ObjectUrl(key), null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        EnsureSuccess(response, "delete", key);
        return true;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, BucketUrl, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"GCS bucket '{_bucket}' does not exist.");
        EnsureSuccess(response, "read bucket", _bucket);
    }

    /// <summary>Creates the bucket in EXTENSION_GCS_PROJECT_ID when it is missing (for emulators and first-time set-up).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        using (var probe = await SendAsync(HttpMethod.Get, BucketUrl, null, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            if (probe.StatusCode != HttpStatusCode.NotFound)
            {
                EnsureSuccess(probe, "read bucket", _bucket);
                return;
            }
        }
        if (string.IsNullOrWhiteSpace(_projectId))
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"GCS bucket '{_bucket}' does not exist and {GcsBlobStoreOptions.ProjectIdVariable} is not set to create it in.");
        var body = new StringContent(JsonSerializer.Serialize(new { name = _bucket }), Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Post, $"{_baseUrl}/storage/v1/b?project={Uri.EscapeDataString(_projectId)}",
            body, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict) // someone else created it meanwhile
            EnsureSuccess(response, "create bucket", _bucket);
    }

    private string BucketUrl => $"{_baseUrl}/storage/v1/b/{Uri.EscapeDataString(_bucket)}";

    /// <summary>Object names go into the path percent-encoded, "/" included, as the JSON API requires.</summary>
    private string ObjectUrl(string key)
    {
        BlobKey.Validate(key);
        return $"{BucketUrl}/o/{Uri.EscapeDataString(key)}";
    }

    private async Task UploadAsync(string key, HttpContent content, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var url = $"{_baseUrl}/upload/storage/v1/b/{Uri.EscapeDataString(_bucket)}/o?uploadType=media&name={Uri.EscapeDataString(key)}";
        using var response = await SendAsync(HttpMethod.Post, url, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        EnsureSuccess(response, "upload", key);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (_tokens is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetAccessTokenAsync(cancellationToken));
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"GCS at {_baseUrl} cannot be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"GCS at {_baseUrl} did not answer in time.", e);
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, string operation, string name)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        var why = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? "access was denied (check the service account's permissions on the bucket)"
            : $"GCS answered {status} {response.ReasonPhrase}";
        throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"Could not {operation} '{name}': {why}.");
    }
}
