using System.Net;
using System.Runtime.InteropServices;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Storage.v1;
using Google.Cloud.Storage.V1;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Blobs as objects in one Google Cloud Storage bucket, through Google.Cloud.Storage.V1. Writes are
/// create-only (ifGenerationMatch=0): GCS refuses a second write of a name with 412, so a blob is
/// never overwritten, and a GCS object write is atomic: readers never see a partial object.
/// </summary>
public sealed class GcsBlobStore : IBlobStore, IDisposable
{
    private const string ContentType = "application/octet-stream";
    private const long CreateOnly = 0; // "the object has no live generation"

    private readonly StorageClient _client;
    private readonly string _bucket;
    private readonly string? _projectId;
    private readonly RetryOptions _idempotentRetries;

    private GcsBlobStore(StorageClient client, GcsBlobStoreOptions options)
    {
        _client = client;
        _bucket = options.Bucket;
        _projectId = options.ProjectId;
        _idempotentRetries = new RetryOptions(options.RetryTiming, RetryPredicate.RetriableIdempotentErrors);
    }

    /// <summary>
    /// Validates the options and builds the client: no auth against an emulator, else the key
    /// file's service account (loaded here, so a bad key file fails start-up, not the first request).
    /// </summary>
    public static async Task<GcsBlobStore> CreateAsync(GcsBlobStoreOptions options, CancellationToken cancellationToken)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration, string.Join(" ", problems));
        var builder = new StorageClientBuilder { BaseUri = options.BaseUri };
        if (options.UsesEmulator)
            builder.UnauthenticatedAccess = true;
        else
            builder.Credential = await LoadServiceAccountAsync(options.KeyFile!, cancellationToken);
        return new GcsBlobStore(await builder.BuildAsync(cancellationToken), options);
    }

    /// <summary>Only service-account keys are accepted (not arbitrary credential configurations).</summary>
    private static async Task<GoogleCredential> LoadServiceAccountAsync(string keyFile, CancellationToken cancellationToken)
    {
        try
        {
            var serviceAccount = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(keyFile, cancellationToken);
            return serviceAccount.ToGoogleCredential().CreateScoped(StorageService.Scope.DevstorageReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
                                      or Newtonsoft.Json.JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"{GcsBlobStoreOptions.KeyFileVariable} '{keyFile}' is not a readable service-account key file: {e.Message}", e);
        }
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await PutAsync(key, stream, cancellationToken);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        try
        {
            // The client uploads a seekable stream from its start; a put sends the rest from where the caller's stream stands.
            var source = content.CanSeek && content.Position > 0 ? new ForwardOnlyReadStream(content) : content;
            await _client.UploadObjectAsync(_bucket, key, ContentType, source,
                new UploadObjectOptions { IfGenerationMatch = CreateOnly }, cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new AlreadyExistsException(PlatformErrorCodes.BlobExists, $"Blob '{key}' already exists; blobs are never overwritten.", e);
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("upload", key, e);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        using var destination = new MemoryStream();
        try
        {
            await _client.DownloadObjectAsync(_bucket, key, destination, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("download", key, e);
        }
        return destination.ToArray();
    }

    /// <summary>The blob downloaded whole (and hash-checked by the client) before the stream is handed out; bundles are size-limited.</summary>
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        await GetAsync(key, cancellationToken) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        try
        {
            await _client.GetObjectAsync(_bucket, key, new GetObjectOptions { RetryOptions = _idempotentRetries }, cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("read metadata of", key, e);
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        try
        {
            // Not retried (the client's default without a generation precondition): a retry after a lost
            // answer would see 404 and report a deleted blob as missing.
            await _client.DeleteObjectAsync(_bucket, key, cancellationToken: cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("delete", key, e);
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (!await BucketExistsAsync(cancellationToken))
            throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"GCS bucket '{_bucket}' does not exist.");
    }

    /// <summary>Creates the bucket in EXTENSION_GCS_PROJECT_ID when it is missing (for emulators and first-time set-up).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (await BucketExistsAsync(cancellationToken))
            return;
        if (string.IsNullOrWhiteSpace(_projectId))
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"GCS bucket '{_bucket}' does not exist and {GcsBlobStoreOptions.ProjectIdVariable} is not set to create it in.");
        try
        {
            await _client.CreateBucketAsync(_projectId, _bucket, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.Conflict)
        {
            // someone else created it meanwhile
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("create bucket", _bucket, e);
        }
    }

    private async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetBucketAsync(_bucket, new GetBucketOptions { RetryOptions = _idempotentRetries }, cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (IsStorageFailure(e, cancellationToken))
        {
            throw Unavailable("read bucket", _bucket, e);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>What the client throws when GCS answers with an error, cannot be reached, times out or refuses the credentials.</summary>
    private static bool IsStorageFailure(Exception e, CancellationToken cancellationToken) =>
        e is GoogleApiException or HttpRequestException or TokenResponseException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static PlatformException Unavailable(string operation, string name, Exception e)
    {
        var why = e switch
        {
            GoogleApiException { HttpStatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
                "access was denied (check the service account's permissions on the bucket)",
            GoogleApiException api => $"GCS answered {(int)api.HttpStatusCode} {api.Error?.Message ?? api.HttpStatusCode.ToString()}",
            TokenResponseException token => $"no access token for the service account ({token.Error?.Error})",
            OperationCanceledException => "GCS did not answer in time",
            _ => $"GCS cannot be reached ({e.Message})",
        };
        return new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"Could not {operation} '{name}': {why}.", e);
    }
}
