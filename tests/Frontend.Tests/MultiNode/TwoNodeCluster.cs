using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// Two Frontend processes (A and B) on loopback sharing one fresh PostgreSQL database and the same
/// keys, as a cluster's nodes do: each co-hosts a silo (free loopback ports), membership in that
/// database. Helpers speak the public HTTP API. Shared with bench/RevocationPropagation.
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string TokenSecret = "node-token:multi-node-token-secret-0123456789abcdefghij";
    public const string SealingKeys = "node-seal:q5dG9lD1t9E7WkPzQj3x0Hc8m4s2yVbR6nA1uKfLwXo=";

    public const string ExtensionSlug = "multi-node-ext";
    private static readonly string[] Grants = ["cap:storage.kv", "cap:secrets.read"];
    private readonly List<string> _dataDirectories = [];

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <summary>One blob directory for every node, as a cluster shares its bucket: a bundle published through one node runs on any silo.</summary>
    private readonly string _blobDirectory = Path.Combine(Path.GetTempPath(), "scrm-multinode", Guid.NewGuid().ToString("N") + "-blobs");

    private TwoNodeCluster(PostgresDatabase database, string adminKey, IReadOnlyDictionary<string, string>? settings)
    {
        Database = database;
        AdminKey = adminKey;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public PostgresDatabase Database { get; }
    public string AdminKey { get; }
    public FrontendProcess A { get; private set; } = null!;
    public FrontendProcess B { get; private set; } = null!;

    /// <param name="settings">more configuration for every node (on top of the cluster's own)</param>
    public static async Task<TwoNodeCluster> StartAsync(string logLevel = "Information", IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await PostgresDatabase.CreateAsync("multinode");
        var cluster = new TwoNodeCluster(database, "multi-node-admin-" + Guid.NewGuid().ToString("N"), settings);
        try
        {
            // A first, so it migrates the schema; B then starts against a ready database.
            cluster.A = await cluster.StartNodeAsync("A", logLevel);
            cluster.B = await cluster.StartNodeAsync("B", logLevel);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts another node of the same cluster (it joins A and B).</summary>
    /// <param name="extra">more settings (e.g. Extensions:Cluster:Role=client for a Frontend of the split topology)</param>
    public Task<FrontendProcess> StartNodeAsync(string name, string logLevel = "Information", IReadOnlyDictionary<string, string>? extra = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "scrm-multinode", Guid.NewGuid().ToString("N"));
        _dataDirectories.Add(dataDirectory);
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Extensions:DataDirectory"] = dataDirectory,
            ["Extensions:BlobDirectory"] = _blobDirectory,
            ["Extensions:MetadataStore"] = "postgres",
            ["Extensions:PostgresConnectionString"] = Database.ConnectionString,
            ["Logging:LogLevel:Default"] = logLevel,
            ["Extensions:Cluster:SiloPort"] = "0",
            ["Extensions:Cluster:GatewayPort"] = "0",
            ["Extensions:Cluster:AdvertisedAddress"] = "127.0.0.1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return FrontendProcess.StartAsync(name, settings,
            new Dictionary<string, string>
            {
                ["EXTENSIONS_ADMIN_API_KEY"] = AdminKey,
                ["EXTENSION_TOKEN_SECRET"] = TokenSecret,
                ["EXTENSION_SECRET_KEYS"] = SealingKeys,
            },
            TimeSpan.FromMinutes(2));
    }

    /// <summary>A tenant with a published extension declaring cap:storage.kv and cap:secrets.read, installed with both and a secret.</summary>
    public async Task<(string Tenant, string TenantKey, InstallationDto Installation)> InstalledExtensionAsync(FrontendProcess node, string secretValue)
    {
        var slug = $"mn-{Guid.NewGuid():N}"[..16];
        using var admin = node.Client(AdminKey);
        var created = await ReadAsync<TenantCreatedResponse>(await admin.PostAsJsonAsync("/api/v1/tenants", new { slug }), HttpStatusCode.Created);
        using var tenant = node.Client(created.ApiKey);

        await ReadAsync<JsonElement>(await PublishAsync(node, slug, created.ApiKey), HttpStatusCode.Created);

        var installation = await ReadAsync<InstallationDto>(await tenant.PostAsJsonAsync($"/api/v1/tenants/{slug}/installations", new
        {
            extension = ExtensionSlug,
            version = "1.0.0",
            grants = Grants,
            secrets = new Dictionary<string, string> { ["api_key"] = secretValue },
        }), HttpStatusCode.Created);
        return (slug, created.ApiKey, installation);
    }

    /// <summary>Publishes multi-node-ext 1.0.0 (declaring cap:storage.kv and cap:secrets.read) to the tenant; the caller reads the answer.</summary>
    public static async Task<HttpResponseMessage> PublishAsync(FrontendProcess node, string tenant, string tenantKey)
    {
        var manifest = TestBundles.ManifestJson(ExtensionSlug, "1.0.0", m => m["capabilities"] = Grants);
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "<!doctype html>"u8.ToArray()));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bundle), PublishForm.Bundle, "bundle.tar.gz" },
            { new StringContent(TestBundles.Sha256(bundle)), PublishForm.Sha256 },
        };
        using var client = node.Client(tenantKey);
        return await client.PostAsync($"/api/v1/tenants/{tenant}/extensions/{ExtensionSlug}/versions", form);
    }

    public static async Task<MintedTokenResponse> MintAsync(FrontendProcess node, string tenant, string tenantKey, Guid installation)
    {
        using var client = node.Client(tenantKey);
        return await ReadAsync<MintedTokenResponse>(await client.PostAsJsonAsync($"/api/v1/tenants/{tenant}/installations/{installation}/tokens",
            new { user = "u-42", ttlSeconds = 600 }));
    }

    /// <summary>POSTs to an installation's sub-route (revoke, revoke-all, disable, enable) with the tenant key.</summary>
    public static async Task<JsonElement> PostAsync(FrontendProcess node, string tenant, string tenantKey, Guid installation, string rest, object? body = null)
    {
        using var client = node.Client(tenantKey);
        var route = $"/api/v1/tenants/{tenant}/installations/{installation}{rest}";
        return await ReadAsync<JsonElement>(await client.PostAsync(route, body is null ? null : JsonContent.Create(body)));
    }

    /// <summary>The node's judgement of a token: null when accepted, else the refusal's code.</summary>
    public static async Task<string?> TokenRefusalAsync(HttpClient nodeClient, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/extension-token");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await nodeClient.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
            return null;
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("code").GetString();
    }

    /// <summary>POST /api/actions/{name} with the token: the status and the JSON answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallActionAsync(HttpClient nodeClient, string token, string action, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/actions/{action}") { Content = JsonContent.Create(input) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await nodeClient.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonSerializer.Deserialize<T>(body, ApiJson.Options)!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Database.DisposeAsync();
        foreach (var directory in _dataDirectories.Append(_blobDirectory))
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
