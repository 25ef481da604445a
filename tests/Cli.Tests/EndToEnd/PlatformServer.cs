using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Hosting;
using Selegic.Extensions.Cli.Tests.Support;

namespace Selegic.Extensions.Cli.Tests.EndToEnd;

/// <summary>
/// The real platform server (the same composition its Program.cs runs) on Kestrel at
/// 127.0.0.1:0, embedded default: SQLite and filesystem blobs in a temporary data directory.
/// One per test class; each test makes its own tenant so tests do not see each other's data.
/// </summary>
public class PlatformServer : IAsyncLifetime
{
    private readonly TempDirectory dataDirectory = new();
    private readonly string adminKey = "cli-e2e-admin-" + Guid.NewGuid().ToString("N");
    private WebApplication? app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Extra server settings (e.g. smaller limits) for a variant fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Extensions:DataDirectory"] = dataDirectory.Path,
            ["Extensions:MetadataStore"] = "sqlite",
            ["EXTENSIONS_ADMIN_API_KEY"] = adminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings) settings[key] = value;

        app = ExtensionsServer.Build(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        var started = await ExtensionsServer.StartAsync(app);
        Url = new Uri(started.Urls.Single());
    }

    /// <summary>A fresh tenant slug, so tests sharing one server never see each other's data.</summary>
    public static string NewTenantSlug() => "acme-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates a tenant with the platform admin key, as an operator would; returns its admin key.</summary>
    public async Task<string> CreateTenantAsync(string slug)
    {
        using var admin = Client(adminKey);
        var response = await admin.PostAsJsonAsync("/api/v1/tenants", new CreateTenantRequest(slug));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options))!.ApiKey;
    }

    public async Task RequireSignaturesAsync(string tenant, string tenantKey)
    {
        using var client = Client(tenantKey);
        (await client.PutAsJsonAsync($"/api/v1/tenants/{tenant}/settings", new TenantSettingsDto(true), ApiJson.Options)).EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<AuditRecordDto>> AuditAsync(string tenant, string tenantKey)
    {
        using var client = Client(tenantKey);
        var page = await client.GetFromJsonAsync<ListResponse<AuditRecordDto>>($"/api/v1/tenants/{tenant}/audit", ApiJson.Options);
        return page!.Items;
    }

    /// <summary>The environment a publisher's shell would have for this tenant.</summary>
    public Dictionary<string, string> EnvironmentFor(string tenant, string tenantKey) => new()
    {
        ["SCRM_SERVER_URL"] = Url.ToString(),
        ["SCRM_TENANT_ID"] = tenant,
        ["SCRM_API_KEY"] = tenantKey,
    };

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        dataDirectory.Dispose();
    }
}

/// <summary>A server whose bundle size limit is 16 KiB, to see a real 413.</summary>
public sealed class SmallLimitPlatformServer : PlatformServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Extensions:BundleLimits:MaxCompressedBytes"] = "16384",
    };
}
