using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Frontend.Hosting;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>
/// The real server (same composition as Program.cs) on Kestrel, bound to 127.0.0.1 port 0,
/// with its own temporary data directory. Tests talk to it over real HTTP.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private RunningServer(WebApplication app, Uri baseAddress, string dataDirectory, string adminKey, string? generatedAdminKey)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        AdminKey = adminKey;
        GeneratedAdminKey = generatedAdminKey;
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public string AdminKey { get; }
    /// <summary>The key the server generated and would print; null unless this was a first start without a configured key.</summary>
    public string? GeneratedAdminKey { get; }
    /// <summary>The configuration the server was started with.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }
    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");

    /// <param name="settings">configuration, as --key=value command-line arguments of the real host</param>
    /// <param name="dataDirectory">reuse a data directory (a restart); a fresh temporary one when null</param>
    /// <param name="configureAdminKey">false: start without EXTENSIONS_ADMIN_API_KEY, as a first-time user does</param>
    public static async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string> settings, string? dataDirectory = null, bool configureAdminKey = true)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "scrm-frontend-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Extensions:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("FRONTEND_TESTS_LOG_LEVEL") ?? "Warning",
            // Many servers run side by side in one test process: each co-hosted silo on free loopback ports.
            ["Extensions:Cluster:SiloPort"] = "0",
            ["Extensions:Cluster:GatewayPort"] = "0",
            ["Extensions:Cluster:AdvertisedAddress"] = "127.0.0.1",
        };
        var adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
        if (configureAdminKey)
            all["EXTENSIONS_ADMIN_API_KEY"] = adminKey;
        foreach (var (key, value) in settings)
            all[key] = value;

        var app = ExtensionsServer.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        try
        {
            var started = await ExtensionsServer.StartAsync(app);
            return new RunningServer(app, new Uri(started.Urls.Single()), dataDirectory, started.GeneratedAdminKey ?? adminKey, started.GeneratedAdminKey)
            {
                Settings = all,
            };
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>A client sending <c>Authorization: Bearer key</c>.</summary>
    public HttpClient WithKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient AsPlatformAdmin() => WithKey(AdminKey);

    /// <summary>The server's services, for the few parts no HTTP route exposes (e.g. ISecretReader, used by actions).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Every (method, route pattern) the running app maps, read from its endpoint data source.</summary>
    public IReadOnlyList<(string Method, string Pattern)> MappedRoutes() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    public IEnumerable<string> BlobFiles() =>
        Directory.Exists(BlobDirectory) ? Directory.EnumerateFiles(BlobDirectory, "*", SearchOption.AllDirectories) : [];

    /// <summary>Stops the server and keeps its data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DeleteDataDirectory(DataDirectory);
    }

    public static void DeleteDataDirectory(string dataDirectory)
    {
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
