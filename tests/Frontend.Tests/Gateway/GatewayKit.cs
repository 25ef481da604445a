using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>An extension with the test handler, installed in a tenant.</summary>
public sealed record InstalledHandler(string Tenant, string TenantKey, string Extension, Guid InstallationId, string ContentHash)
{
    public string Route(string path) => $"/api/ext/{Extension}{path}";
}

/// <summary>
/// Builds Handlers/gateway_handler.c with Debian's clang against sdk/c/scrm.h (freestanding wasm32,
/// cached by source), publishes it with a manifest declaring its routes and actions, and installs it.
/// </summary>
public static class GatewayKit
{
    public static readonly string[] Routes =
    [
        "GET /noop", "GET /items/:id", "POST /echo", "GET /headers", "POST /save", "POST /kv", "POST /call", "POST /call-invalid-utf8",
        "GET /loop", "GET /bomb", "GET /recurse", "GET /huge", "GET /trap",
        "GET /log", "GET /log-trap", "GET /log-flood",
    ];

    private static readonly Lazy<byte[]> CompiledHandler = new(CompileHandler);

    public static byte[] Handler => CompiledHandler.Value;

    public static string RepositoryRoot { get; } = FindRoot();

    public static byte[] Bundle(string slug, string version, params (string Path, byte[] Content)[] uiFiles)
    {
        var manifest = TestBundles.ManifestJson(slug, version, m =>
        {
            m["handler"] = "handler.wasm";
            m["capabilities"] = new[] { "cap:storage.kv", "cap:http.fetch" };
            m["egress"] = new[] { Actions.ActionKit.EgressHost };
            m["api"] = new { endpoints = Routes.Select(r => r.Split(' ')).Select(r => new { method = r[0], path = r[1] }).ToArray() };
            m["actions"] = new object[]
            {
                new { name = "echo", inputSchema = new { type = "object", properties = new { n = new { type = "integer" } }, required = new[] { "n" } } },
                new { name = "fail", inputSchema = new { type = "object" } },
                new { name = "log", inputSchema = new { type = "object", properties = new { tag = new { type = "string" } }, required = new[] { "tag" } } },
            };
        });
        var files = new List<(string, byte[])>
        {
            ("manifest.json", Encoding.UTF8.GetBytes(manifest)),
            ("handler.wasm", Handler),
            ("ui/index.html", Encoding.UTF8.GetBytes($"<!doctype html><title>{slug}</title><script src=\"app.js\"></script>")),
            ("ui/app.js", "console.log('ui');"u8.ToArray()),
        };
        files.AddRange(uiFiles);
        return TestBundles.Files(files.ToArray());
    }

    /// <summary>Publishes the handler bundle in <paramref name="tenant"/> (a fresh one when null) and installs it.</summary>
    public static async Task<InstalledHandler> InstallHandlerAsync(this RunningServer server, string[]? grants = null,
        (string Slug, string Key)? tenant = null, string? extension = null, object? config = null)
    {
        var (slug, key) = tenant ?? await server.NewTenantAsync("gw");
        using var client = server.WithKey(key);
        return await client.InstallHandlerAsync(slug, key, grants, extension, config);
    }

    /// <summary>Publishes the handler bundle and installs it through <paramref name="tenantClient"/> (a client holding <paramref name="tenantKey"/>).</summary>
    public static async Task<InstalledHandler> InstallHandlerAsync(this HttpClient tenantClient, string tenant, string tenantKey,
        string[]? grants = null, string? extension = null, object? config = null)
    {
        extension ??= $"ext-{Guid.NewGuid():N}"[..16];
        var bundle = Bundle(extension, "1.0.0");
        using (var published = await tenantClient.PublishAsync(tenant, extension, bundle))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using var installed = await tenantClient.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"),
            new { extension, version = "1.0.0", grants = grants ?? ["cap:storage.kv"], config = config ?? new { greeting = "hi" } });
        var installation = await installed.ReadAsync<InstallationDto>(HttpStatusCode.Created);
        return new InstalledHandler(tenant, tenantKey, extension, installation.Id, TestBundles.Sha256(bundle));
    }

    public static async Task<string> MintTokenAsync(this RunningServer server, InstalledHandler installed, string user = "u-7")
    {
        using var admin = server.WithKey(installed.TenantKey);
        using var minted = await admin.PostAsJsonAsync(Api.TenantRoute(installed.Tenant, $"/installations/{installed.InstallationId}/tokens"),
            new { user, ttlSeconds = 300 });
        return (await minted.ReadAsync<MintedTokenResponse>()).Token;
    }

    public static async Task SetEnabledAsync(this RunningServer server, InstalledHandler installed, bool enabled)
    {
        using var admin = server.WithKey(installed.TenantKey);
        using var response = await admin.PostAsync(Api.TenantRoute(installed.Tenant,
            $"/installations/{installed.InstallationId}/{(enabled ? "enable" : "disable")}"), null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The installation's whole log (newest first) through GET .../logs, read until <paramref name="done"/> holds
    /// or about 10 s pass (handler lines are written every ~200 ms).
    /// </summary>
    public static async Task<List<InstallationLogEntryDto>> InstallationLogAsync(this RunningServer server, InstalledHandler installed,
        Func<List<InstallationLogEntryDto>, bool> done)
    {
        using var client = server.WithKey(installed.TenantKey);
        return await client.InstallationLogAsync(installed, done);
    }

    /// <summary>As above, through <paramref name="admin"/> (a client holding the installation's tenant key).</summary>
    public static async Task<List<InstallationLogEntryDto>> InstallationLogAsync(this HttpClient admin, InstalledHandler installed,
        Func<List<InstallationLogEntryDto>, bool> done)
    {
        List<InstallationLogEntryDto> entries = [];
        for (var attempt = 0; attempt < 200 && !done(entries); attempt++)
        {
            if (attempt > 0) await Task.Delay(50);
            entries = [];
            string? cursor = null;
            do
            {
                var route = $"/installations/{installed.InstallationId}/logs?limit=500" + (cursor is null ? "" : $"&cursor={cursor}");
                using var response = await admin.GetAsync(Api.TenantRoute(installed.Tenant, route));
                var page = await response.ReadAsync<InstallationLogPageDto>();
                entries.AddRange(page.Entries);
                cursor = page.NextCursor;
            } while (cursor is not null);
        }
        return entries;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static byte[] CompileHandler()
    {
        var source = Path.Combine(RepositoryRoot, "tests", "Frontend.Tests", "Gateway", "Handlers", "gateway_handler.c");
        var header = Path.Combine(RepositoryRoot, "sdk", "c", "scrm.h");
        var key = Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(source), .. File.ReadAllBytes(header)]))[..16];
        var output = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scrm-gateway-tests")).FullName, key + ".wasm");
        if (!File.Exists(output))
        {
            var temporary = output + "." + Guid.NewGuid().ToString("N");
            Run("clang", "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--strip-all",
                "-I", Path.GetDirectoryName(header)!, source, "-o", temporary);
            File.Move(temporary, output, overwrite: true);
        }
        return File.ReadAllBytes(output);
    }

    public static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Result}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Extensions.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Extensions.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>PostgreSQL (EXTENSIONS_TEST_POSTGRES, never skipped) with small handler limits so hostile handlers end quickly.</summary>
public sealed class GatewayServer : PostgresServer
{
    public const int MaxRequestBytes = 64 * 1024;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Extensions:Gateway:MaxRequestBytes"] = MaxRequestBytes.ToString(),
        ["Extensions:Gateway:Limits:TimeoutMilliseconds"] = "3000",
        ["Extensions:Gateway:Limits:MemoryBytes"] = (16 * 1024 * 1024).ToString(),
        ["Extensions:Gateway:Limits:MaxResponseBytes"] = (256 * 1024).ToString(),
        ["Extensions:Gateway:HostOrigin"] = "https://crm.example.com",
    };
}
