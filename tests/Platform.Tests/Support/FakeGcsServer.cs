using System.Collections.Concurrent;
using System.Net;
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
/// TEST DOUBLE for Google Cloud Storage (no GCS emulator can run here): a real HTTP server
/// (Kestrel on 127.0.0.1, random port) speaking the subset of the documented JSON API the client
/// uses: media upload, object get (alt=media and metadata), object delete, bucket get and create,
/// plus an OAuth token endpoint that verifies the service-account JWT assertion (RS256) the way
/// Google's token endpoint does. Anything else answers 400 so unexpected request shapes fail tests.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _buckets = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private RSA? _serviceAccountKey;
    private int _failuresToInject;
    private HttpStatusCode _injectedStatus;

    public sealed record RecordedRequest(string Method, string RawTarget, string? Authorization);

    /// <summary>The audience Google documents for service-account JWT assertions, whatever URL they are posted to.</summary>
    private const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private FakeGcsServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    /// <summary>When set, storage requests need "Authorization: Bearer {RequiredAccessToken}".</summary>
    public string? RequiredAccessToken { get; private set; }
    private int _tokensIssued;
    public int TokensIssued => Volatile.Read(ref _tokensIssued);
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
    public IReadOnlyList<RecordedRequest> StorageRequests => [.. _requests.Where(r => !r.RawTarget.StartsWith("/token", StringComparison.Ordinal))];

    public static async Task<FakeGcsServer> StartAsync(params string[] buckets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeGcsServer(app);
        foreach (var bucket in buckets)
            server._buckets[bucket] = new ConcurrentDictionary<string, byte[]>();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>Requires OAuth: tokens are issued only for JWT assertions signed by <paramref name="serviceAccountKey"/>.</summary>
    public void RequireServiceAccount(RSA serviceAccountKey)
    {
        _serviceAccountKey = serviceAccountKey;
        RequiredAccessToken = "ya29.fake-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The next <paramref name="count"/> storage requests get <paramref name="status"/>.</summary>
    public void FailNext(int count, HttpStatusCode status)
    {
        _injectedStatus = status;
        Volatile.Write(ref _failuresToInject, count);
    }

    public bool HasBucket(string bucket) => _buckets.ContainsKey(bucket);

    public byte[]? StoredObject(string bucket, string name) =>
        _buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var data) ? data : null;

    public int ObjectCount => _buckets.Values.Sum(b => b.Count);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var authorization = context.Request.Headers.Authorization.ToString();
        _requests.Enqueue(new RecordedRequest(context.Request.Method, rawTarget, authorization.Length == 0 ? null : authorization));

        var queryStart = rawTarget.IndexOf('?');
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = System.Web.HttpUtility.ParseQueryString(queryStart < 0 ? "" : rawTarget[(queryStart + 1)..]);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        if (context.Request.Method == "POST" && path == "/token")
        {
            await IssueTokenAsync(context);
            return;
        }
        if (RequiredAccessToken is not null && authorization != "Bearer " + RequiredAccessToken)
        {
            await ErrorAsync(context, HttpStatusCode.Unauthorized, "Invalid Credentials");
            return;
        }
        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            await ErrorAsync(context, _injectedStatus, "injected failure");
            return;
        }

        switch (context.Request.Method, segments)
        {
            // POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name={name}
            case ("POST", ["upload", "storage", "v1", "b", var bucket, "o"]) when query["uploadType"] == "media" && query["name"] is { Length: > 0 } name:
                if (!_buckets.TryGetValue(Uri.UnescapeDataString(bucket), out var target))
                {
                    await ErrorAsync(context, HttpStatusCode.NotFound, "The specified bucket does not exist.");
                    return;
                }
                using (var body = new MemoryStream())
                {
                    await context.Request.Body.CopyToAsync(body);
                    target[name] = body.ToArray();
                    await JsonAsync(context, HttpStatusCode.OK, ObjectResource(Uri.UnescapeDataString(bucket), name, body.Length));
                }
                return;

            // GET /storage/v1/b/{bucket}/o/{name} [?alt=media]; the name is one percent-encoded segment
            case ("GET", ["storage", "v1", "b", var bucket, "o", var encodedName]):
            {
                var name = Uri.UnescapeDataString(encodedName);
                if (!_buckets.TryGetValue(Uri.UnescapeDataString(bucket), out var objects) || !objects.TryGetValue(name, out var data))
                {
                    await ErrorAsync(context, HttpStatusCode.NotFound, "No such object");
                    return;
                }
                if (query["alt"] == "media")
                {
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(data);
                }
                else
                {
                    await JsonAsync(context, HttpStatusCode.OK, ObjectResource(Uri.UnescapeDataString(bucket), name, data.Length));
                }
                return;
            }

            case ("DELETE", ["storage", "v1", "b", var bucket, "o", var encodedName]):
                if (_buckets.TryGetValue(Uri.UnescapeDataString(bucket), out var owner) && owner.TryRemove(Uri.UnescapeDataString(encodedName), out _))
                    context.Response.StatusCode = (int)HttpStatusCode.NoContent;
                else
                    await ErrorAsync(context, HttpStatusCode.NotFound, "No such object");
                return;

            case ("GET", ["storage", "v1", "b", var bucket]):
                if (_buckets.ContainsKey(Uri.UnescapeDataString(bucket)))
                    await JsonAsync(context, HttpStatusCode.OK, new { kind = "storage#bucket", name = Uri.UnescapeDataString(bucket) });
                else
                    await ErrorAsync(context, HttpStatusCode.NotFound, "The specified bucket does not exist.");
                return;

            // POST /storage/v1/b?project={project} {"name": "..."}
            case ("POST", ["storage", "v1", "b"]) when query["project"] is { Length: > 0 }:
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body);
                var name = document.RootElement.GetProperty("name").GetString()!;
                if (_buckets.TryAdd(name, new ConcurrentDictionary<string, byte[]>()))
                    await JsonAsync(context, HttpStatusCode.OK, new { kind = "storage#bucket", name });
                else
                    await ErrorAsync(context, HttpStatusCode.Conflict, "You already own this bucket.");
                return;
            }

            default:
                await ErrorAsync(context, HttpStatusCode.BadRequest, $"FakeGcsServer does not speak {context.Request.Method} {rawTarget}");
                return;
        }
    }

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
        var signedPart = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var validSignature = parts.Length == 3 && _serviceAccountKey.VerifyData(signedPart, Base64Url(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var scope = claims.RootElement.TryGetProperty("scope", out var s) ? s.GetString() : null;
        var audience = claims.RootElement.GetProperty("aud").GetString();
        if (!validSignature || audience != GoogleTokenAudience || scope != "https://www.googleapis.com/auth/devstorage.read_write")
        {
            await JsonAsync(context, HttpStatusCode.BadRequest, new { error = "invalid_grant", error_description = $"bad assertion (signature valid: {validSignature}, aud {audience}, scope {scope})" });
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

    private static object ObjectResource(string bucket, string name, long size) =>
        new { kind = "storage#object", bucket, name, size = size.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, string message) =>
        JsonAsync(context, status, new { error = new { code = (int)status, message } });

    private static Task JsonAsync(HttpContext context, HttpStatusCode status, object body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
