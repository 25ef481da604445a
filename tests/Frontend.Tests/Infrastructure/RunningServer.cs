using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Selegic.Extensions.Frontend.Hosting;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>
/// The real server (same composition as Program.cs) on Kestrel, bound to 127.0.0.1 port 0,
/// with its own temporary data directory. Tests talk to it over real HTTP.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri baseAddress, string dataDirectory, string adminKey)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        AdminKey = adminKey;
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public string AdminKey { get; }
    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");

    public static async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "scrm-frontend-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var adminKey = "test-admin-" + Guid.NewGuid().ToString("N");

        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Extensions:DataDirectory"] = dataDirectory,
            ["EXTENSIONS_ADMIN_API_KEY"] = adminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
            all[key] = value;

        var app = ExtensionsServer.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        var addresses = await ExtensionsServer.StartAsync(app);
        return new RunningServer(app, new Uri(addresses.Single()), dataDirectory, adminKey);
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

    /// <summary>Every (method, route pattern) the running app maps, read from its endpoint data source.</summary>
    public IReadOnlyList<(string Method, string Pattern)> MappedRoutes() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    public IEnumerable<string> BlobFiles() =>
        Directory.Exists(BlobDirectory) ? Directory.EnumerateFiles(BlobDirectory, "*", SearchOption.AllDirectories) : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
