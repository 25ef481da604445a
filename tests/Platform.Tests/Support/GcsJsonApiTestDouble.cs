using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Selegic.Extensions.Platform.Tests.Support;

/// <summary>
/// TEST DOUBLE of the Google Cloud Storage JSON API (no GCS emulator that keeps generation
/// preconditions and multi-chunk uploads runs here; see ../shared/design/GCS.md): Kestrel on
/// 127.0.0.1 with a random port, objects in memory. It answers what Google.Cloud.Storage.V1 sends:
/// buckets (create, get, delete), resumable uploads (session, chunks with Content-Range and 308,
/// crc32c check, generation preconditions), object metadata, media download with Range, listing with
/// prefix/delimiter/paging, delete, and GCS's error JSON. With <see cref="RequireServiceAccount"/> it
/// also plays Google's OAuth token endpoint and verifies the service-account JWT (RS256). Anything
/// else answers 400, so an unexpected request shape fails the test that sent it.
/// </summary>
public sealed class GcsJsonApiTestDouble : IAsyncDisposable
{
    private const string TokenPath = "/token";
    /// <summary>The audience Google documents for service-account JWT assertions, whatever URL they are posted to.</summary>
    private const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";
    private const string ReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";

    private readonly WebApplication _app;
    private readonly Lock _lock = new(); // guards buckets, objects and upload sessions
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadSession> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private long _lastGeneration = 1_700_000_000_000_000;
    private int _failuresToInject;
    private HttpStatusCode _injectedStatus;
    private RSA? _serviceAccountKey;
    private int _tokensIssued;

    /// <summary>One request as it arrived (the raw target, so percent-encoding shows) and the status it got.</summary>
    public sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string? ContentRange, int Status);

    private sealed record StoredObject(byte[] Data, long Generation, string ContentType, DateTimeOffset Created);

    private sealed class UploadSession(string bucket, string name, string contentType, long? ifGenerationMatch)
    {
        public string Bucket => bucket;
        public string Name => name;
        public string ContentType => contentType;
        public long? IfGenerationMatch => ifGenerationMatch;
        public MemoryStream Received { get; } = new();
    }

    private GcsJsonApiTestDouble(WebApplication app) => _app = app;

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";
    /// <summary>What GCS_EMULATOR_HOST is set to for this double.</summary>
    public string Host => new Uri(BaseUrl).Authority;
    /// <summary>When set, storage requests need "Authorization: Bearer {RequiredAccessToken}".</summary>
    public string? RequiredAccessToken { get; private set; }
    public int TokensIssued => Volatile.Read(ref _tokensIssued);
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
    public IReadOnlyList<RecordedRequest> StorageRequests => [.. _requests.Where(r => r.RawTarget != TokenPath)];

    public static async Task<GcsJsonApiTestDouble> StartAsync(params string[] buckets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null; // chunks of a resumable upload are 10 MiB by default
        });
        var app = builder.Build();
        var server = new GcsJsonApiTestDouble(app);
        foreach (var bucket in buckets)
            server._buckets[bucket] = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Requires OAuth: tokens are issued only for JWT assertions signed by <paramref name="serviceAccountKey"/>.</summary>
    public void RequireServiceAccount(RSA serviceAccountKey)
    {
        _serviceAccountKey = serviceAccountKey;
        RequiredAccessToken = "ya29.test-double-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The next <paramref name="count"/> storage requests get <paramref name="status"/>.</summary>
    public void FailNext(int count, HttpStatusCode status)
    {
        _injectedStatus = status;
        Volatile.Write(ref _failuresToInject, count);
    }

    public bool HasBucket(string bucket)
    {
        lock (_lock)
            return _buckets.ContainsKey(bucket);
    }

    public byte[]? StoredObjectData(string bucket, string name)
    {
        lock (_lock)
            return _buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var stored) ? stored.Data : null;
    }

    public int ObjectCount
    {
        get
        {
            lock (_lock)
                return _buckets.Values.Sum(b => b.Count);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var authorization = request.Headers.Authorization.ToString();
        try
        {
            await AnswerAsync(context, rawTarget, authorization);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug of the double or a request it cannot parse: say so in the failing test's output.
            await ErrorAsync(context, HttpStatusCode.InternalServerError, "backendError", $"{nameof(GcsJsonApiTestDouble)} failed: {e}");
        }
        finally
        {
            _requests.Enqueue(new RecordedRequest(request.Method, rawTarget, authorization.Length == 0 ? null : authorization,
                request.Headers.ContentRange.Count == 0 ? null : request.Headers.ContentRange.ToString(), context.Response.StatusCode));
        }
    }

    private async Task AnswerAsync(HttpContext context, string rawTarget, string authorization)
    {
        var request = context.Request;
        var queryStart = rawTarget.IndexOf('?');
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = System.Web.HttpUtility.ParseQueryString(queryStart < 0 ? "" : rawTarget[(queryStart + 1)..]);

        if (request.Method == "POST" && path == TokenPath)
        {
            await IssueTokenAsync(context);
            return;
        }
        if (RequiredAccessToken is not null && authorization != "Bearer " + RequiredAccessToken)
        {
            await ErrorAsync(context, HttpStatusCode.Unauthorized, "authError", "Invalid Credentials");
            return;
        }
        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            await ErrorAsync(context, _injectedStatus, "backendError", "Failure injected by the test.");
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var upload = segments is ["upload", ..];
        if (upload)
            segments = segments[1..];
        if (segments is ["storage", "v1", ..])
            segments = segments[2..];

        switch (request.Method, segments, upload)
        {
            case ("POST", ["b"], false) when query["project"] is { Length: > 0 }:
                await CreateBucketAsync(context);
                return;
            case ("GET", ["b", var bucket], false):
                await GetBucketAsync(context, bucket);
                return;
            case ("DELETE", ["b", var bucket], false):
                await DeleteBucketAsync(context, bucket);
                return;
            case ("POST", ["b", var bucket, "o"], true) when query["uploadType"] == "resumable" && query["upload_id"] is null:
                await StartUploadAsync(context, bucket, query);
                return;
            case ("PUT", ["b", _, "o"], true) when query["upload_id"] is { } uploadId:
                await ReceiveChunkAsync(context, uploadId);
                return;
            case ("GET", ["b", var bucket, "o"], false):
                await ListAsync(context, bucket, query);
                return;
            case ("GET", ["b", var bucket, "o", var name], false):
                await GetObjectAsync(context, bucket, name, query["alt"] == "media");
                return;
            case ("DELETE", ["b", var bucket, "o", var name], false):
                await DeleteObjectAsync(context, bucket, name, query["ifGenerationMatch"]);
                return;
            default:
                await ErrorAsync(context, HttpStatusCode.BadRequest, "invalid", $"{nameof(GcsJsonApiTestDouble)} does not speak {request.Method} {rawTarget}");
                return;
        }
    }

    private async Task CreateBucketAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(RequestBody(context.Request));
        var name = document.RootElement.GetProperty("name").GetString()!;
        bool created;
        lock (_lock)
            created = _buckets.TryAdd(name, new SortedDictionary<string, StoredObject>(StringComparer.Ordinal));
        if (created)
            await JsonAsync(context, HttpStatusCode.OK, BucketResource(name));
        else
            await ErrorAsync(context, HttpStatusCode.Conflict, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
    }

    private Task GetBucketAsync(HttpContext context, string bucket) =>
        HasBucket(bucket)
            ? JsonAsync(context, HttpStatusCode.OK, BucketResource(bucket))
            : ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.");

    private Task DeleteBucketAsync(HttpContext context, string bucket)
    {
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var objects))
                return ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.");
            if (objects.Count > 0)
                return ErrorAsync(context, HttpStatusCode.Conflict, "conflict", "The bucket you tried to delete is not empty.");
            _buckets.Remove(bucket);
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Starts a resumable upload session: the JSON body names the object; the answer's Location is where the chunks go.</summary>
    private async Task StartUploadAsync(HttpContext context, string bucket, System.Collections.Specialized.NameValueCollection query)
    {
        if (!HasBucket(bucket))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.");
            return;
        }
        using var document = await JsonDocument.ParseAsync(RequestBody(context.Request));
        var name = document.RootElement.TryGetProperty("name", out var n) ? n.GetString() : query["name"];
        if (string.IsNullOrEmpty(name))
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "required", "Required object name.");
            return;
        }
        long? ifGenerationMatch = query["ifGenerationMatch"] is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
        var contentType = document.RootElement.TryGetProperty("contentType", out var ct) ? ct.GetString()
            : context.Request.Headers["X-Upload-Content-Type"].FirstOrDefault();
        var uploadId = Guid.NewGuid().ToString("N");
        lock (_lock)
            _uploads[uploadId] = new UploadSession(bucket, name, contentType ?? "application/octet-stream", ifGenerationMatch);
        context.Response.Headers.Location = $"{BaseUrl}/upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={uploadId}";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// One chunk: "Content-Range: bytes a-b/N" (N is "*" while the total is unknown) or a status
    /// query "bytes */N". Until the last byte the answer is 308 with the received "Range"; the last
    /// chunk checks the client's crc32c and the generation precondition, then stores the object.
    /// </summary>
    private async Task ReceiveChunkAsync(HttpContext context, string uploadId)
    {
        UploadSession? session;
        lock (_lock)
            _uploads.TryGetValue(uploadId, out session);
        if (session is null)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "No such upload session.");
            return;
        }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (!TryParseContentRange(context.Request.Headers.ContentRange.ToString(), out var first, out var total))
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "invalid", $"Bad Content-Range '{context.Request.Headers.ContentRange}'.");
            return;
        }
        if (first is { } start)
        {
            if (start != session.Received.Length)
            {
                await ErrorAsync(context, HttpStatusCode.BadRequest, "invalid",
                    $"Chunk starts at {start} but {session.Received.Length} bytes were received.");
                return;
            }
            session.Received.Write(body.GetBuffer(), 0, (int)body.Length);
        }
        if (total is null || session.Received.Length < total)
        {
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect; // "Resume Incomplete" in GCS's protocol
            if (session.Received.Length > 0)
                context.Response.Headers["Range"] = $"bytes=0-{session.Received.Length - 1}";
            return;
        }
        lock (_lock)
            _uploads.Remove(uploadId);
        await FinishUploadAsync(context, session);
    }

    private Task FinishUploadAsync(HttpContext context, UploadSession session)
    {
        var data = session.Received.ToArray();
        if (ClaimedCrc32c(context.Request.Headers["x-goog-hash"]) is { } claimed && claimed != Crc32cBase64(data))
            return ErrorAsync(context, HttpStatusCode.BadRequest, "invalid",
                $"Provided CRC32C \"{claimed}\" doesn't match calculated CRC32C \"{Crc32cBase64(data)}\".");
        StoredObject stored;
        lock (_lock)
        {
            if (!_buckets.TryGetValue(session.Bucket, out var objects))
                return ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.");
            var current = objects.TryGetValue(session.Name, out var existing) ? existing.Generation : 0; // 0: no live object
            if (session.IfGenerationMatch is { } required && required != current)
                return ErrorAsync(context, HttpStatusCode.PreconditionFailed, "conditionNotMet",
                    "At least one of the pre-conditions you specified did not hold.");
            stored = new StoredObject(data, ++_lastGeneration, session.ContentType, DateTimeOffset.UtcNow);
            objects[session.Name] = stored;
        }
        return JsonAsync(context, HttpStatusCode.OK, ObjectResource(session.Bucket, session.Name, stored));
    }

    private async Task ListAsync(HttpContext context, string bucket, System.Collections.Specialized.NameValueCollection query)
    {
        var prefix = query["prefix"] ?? "";
        var delimiter = query["delimiter"];
        var maxResults = query["maxResults"] is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : 1000;
        var after = query["pageToken"] is { } token ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        List<(string Entry, StoredObject? Object)> entries;
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var objects))
                entries = null!;
            else
                entries = [.. objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(o => PrefixOf(o.Key, prefix, delimiter) is { } folder ? (folder, (StoredObject?)null) : (o.Key, o.Value))
                    .DistinctBy(e => e.Item1)
                    .Where(e => after is null || string.CompareOrdinal(e.Item1, after) > 0)];
        }
        if (entries is null)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.");
            return;
        }
        var page = entries.Take(maxResults).ToList();
        var body = new Dictionary<string, object> { ["kind"] = "storage#objects" };
        if (page.Any(e => e.Object is not null))
            body["items"] = page.Where(e => e.Object is not null).Select(e => ObjectResource(bucket, e.Entry, e.Object!)).ToList();
        if (page.Any(e => e.Object is null))
            body["prefixes"] = page.Where(e => e.Object is null).Select(e => e.Entry).ToList();
        if (entries.Count > page.Count)
            body["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Entry));
        await JsonAsync(context, HttpStatusCode.OK, body);
    }

    /// <summary>The client gzips JSON bodies ("Content-Encoding: gzip"), as GCS accepts.</summary>
    private static Stream RequestBody(HttpRequest request) =>
        request.Headers.ContentEncoding == "gzip" ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress) : request.Body;

    /// <summary>With a delimiter, a name with the delimiter after the prefix is listed as its "folder".</summary>
    private static string? PrefixOf(string name, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
            return null;
        var at = name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : name[..(at + delimiter.Length)];
    }

    private async Task GetObjectAsync(HttpContext context, string bucket, string name, bool media)
    {
        StoredObject? stored;
        lock (_lock)
            stored = _buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var found) ? found : null;
        if (stored is null)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "notFound", $"No such object: {bucket}/{name}");
            return;
        }
        if (!media)
        {
            await JsonAsync(context, HttpStatusCode.OK, ObjectResource(bucket, name, stored));
            return;
        }
        var response = context.Response;
        response.ContentType = stored.ContentType;
        response.Headers["x-goog-generation"] = stored.Generation.ToString(CultureInfo.InvariantCulture);
        var data = stored.Data.AsMemory();
        if (context.Request.Headers.Range.Count > 0)
        {
            if (!TryParseRange(context.Request.Headers.Range.ToString(), stored.Data.Length, out var from, out var to))
            {
                response.Headers.ContentRange = $"bytes */{stored.Data.Length}";
                await ErrorAsync(context, HttpStatusCode.RequestedRangeNotSatisfiable, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
                return;
            }
            response.StatusCode = StatusCodes.Status206PartialContent; // like GCS: no x-goog-hash for a part
            response.Headers.ContentRange = $"bytes {from}-{to}/{stored.Data.Length}";
            data = data[(int)from..(int)(to + 1)];
        }
        else
        {
            response.Headers["x-goog-hash"] = $"crc32c={Crc32cBase64(stored.Data)},md5={Md5Base64(stored.Data)}";
        }
        response.ContentLength = data.Length;
        await response.Body.WriteAsync(data);
    }

    private Task DeleteObjectAsync(HttpContext context, string bucket, string name, string? ifGenerationMatch)
    {
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var objects) || !objects.TryGetValue(name, out var stored))
                return ErrorAsync(context, HttpStatusCode.NotFound, "notFound", $"No such object: {bucket}/{name}");
            if (ifGenerationMatch is not null && long.Parse(ifGenerationMatch, CultureInfo.InvariantCulture) != stored.Generation)
                return ErrorAsync(context, HttpStatusCode.PreconditionFailed, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
            objects.Remove(name);
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>"bytes a-b/N", "bytes a-b/*" or the status query "bytes */N"; <paramref name="first"/> is null for the query.</summary>
    private static bool TryParseContentRange(string header, out long? first, out long? total)
    {
        first = null;
        total = null;
        var slash = header.IndexOf('/');
        if (!header.StartsWith("bytes ", StringComparison.Ordinal) || slash < 0)
            return false;
        var range = header[6..slash];
        var size = header[(slash + 1)..];
        if (size != "*")
            total = long.Parse(size, CultureInfo.InvariantCulture);
        if (range == "*")
            return true;
        first = long.Parse(range[..range.IndexOf('-')], CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>"bytes=a-b", "bytes=a-" or "bytes=-n" within an object of <paramref name="length"/> bytes.</summary>
    private static bool TryParseRange(string header, long length, out long from, out long to)
    {
        from = 0;
        to = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal))
            return false;
        var parts = header[6..].Split('-');
        if (parts[0].Length == 0)
            from = Math.Max(0, length - long.Parse(parts[1], CultureInfo.InvariantCulture));
        else
        {
            from = long.Parse(parts[0], CultureInfo.InvariantCulture);
            if (parts[1].Length > 0)
                to = Math.Min(to, long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        return from <= to;
    }

    private static string? ClaimedCrc32c(string? header) =>
        header?.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("crc32c=", StringComparison.Ordinal))?[7..];

    /// <summary>CRC-32C (Castagnoli) as GCS reports it: base64 of the big-endian value.</summary>
    public static string Crc32cBase64(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        var bigEndian = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bigEndian, ~crc);
        return Convert.ToBase64String(bigEndian);
    }

    private static string Md5Base64(byte[] data) => Convert.ToBase64String(MD5.HashData(data));

    /// <summary>The object resource: 64-bit numbers as strings, as the JSON API sends them.</summary>
    private static Dictionary<string, object> ObjectResource(string bucket, string name, StoredObject stored) => new()
    {
        ["kind"] = "storage#object",
        ["id"] = $"{bucket}/{name}/{stored.Generation}",
        ["bucket"] = bucket,
        ["name"] = name,
        ["contentType"] = stored.ContentType,
        ["size"] = stored.Data.Length.ToString(CultureInfo.InvariantCulture),
        ["generation"] = stored.Generation.ToString(CultureInfo.InvariantCulture),
        ["metageneration"] = "1",
        ["md5Hash"] = Md5Base64(stored.Data),
        ["crc32c"] = Crc32cBase64(stored.Data),
        ["timeCreated"] = stored.Created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["updated"] = stored.Created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };

    private static object BucketResource(string name) => new { kind = "storage#bucket", id = name, name };

    /// <summary>The OAuth 2.0 JWT-bearer grant (RFC 7523): checks the RS256 signature, audience and scope, then issues the token.</summary>
    private async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (_serviceAccountKey is null || form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await JsonAsync(context, HttpStatusCode.BadRequest, new { error = "unsupported_grant_type" });
            return;
        }
        var parts = form["assertion"].ToString().Split('.');
        var validSignature = parts.Length == 3 && _serviceAccountKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var scope = claims.RootElement.TryGetProperty("scope", out var s) ? s.GetString() : null;
        var audience = claims.RootElement.GetProperty("aud").GetString();
        if (!validSignature || audience != GoogleTokenAudience || scope != ReadWriteScope)
        {
            await JsonAsync(context, HttpStatusCode.BadRequest, new
            {
                error = "invalid_grant",
                error_description = $"bad assertion (signature valid: {validSignature}, aud {audience}, scope {scope})",
            });
            return;
        }
        Interlocked.Increment(ref _tokensIssued);
        await JsonAsync(context, HttpStatusCode.OK, new { access_token = RequiredAccessToken, expires_in = 3600, token_type = "Bearer" });
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    /// <summary>GCS's error body: {"error":{"code","message","errors":[{"domain","reason","message"}]}}.</summary>
    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, string reason, string message) =>
        JsonAsync(context, status, new
        {
            error = new { code = (int)status, message, errors = new[] { new { domain = "global", reason, message } } },
        });

    private static Task JsonAsync(HttpContext context, HttpStatusCode status, object body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
