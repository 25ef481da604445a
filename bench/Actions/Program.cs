using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Selegic.Extensions.Grains.RateLimits;
using Selegic.Extensions.Frontend.Hosting;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.HostActions;
using Selegic.Extensions.Platform.Actions.Schema;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Tokens;

// Action API dispatch benchmark: token verification plus the dispatcher pipeline (installation
// check, catalog lookup, capability, schema validation, rate limiter, metrics) for a no-op action,
// and the cluster rate limiter alone against a grain call per request (grain-call overhead on the hot path),
// measured in-process (no HTTP) on the embedded default. The server is the real composition
// (ExtensionsServer) on 127.0.0.1 with a SQLite file in a temp directory; the extension is
// published, installed and its token minted over HTTP, as in production.
// Usage: dotnet run -c Release --project bench/Actions [-- seconds-per-scenario]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var dataDirectory = Path.Combine(Path.GetTempPath(), "scrm-bench-actions-" + Guid.NewGuid().ToString("N"));
var adminKey = "bench-admin-" + Guid.NewGuid().ToString("N");
var app = ExtensionsServer.Build([
    "--urls=http://127.0.0.1:0", $"--Extensions:DataDirectory={dataDirectory}", $"--EXTENSIONS_ADMIN_API_KEY={adminKey}",
    "--Logging:LogLevel:Default=Warning",
]);
try
{
    var started = await ExtensionsServer.StartAsync(app);
    using var http = new HttpClient { BaseAddress = new Uri(started.Urls.Single()) };
    var token = await InstallAndMintAsync(http, adminKey);

    var services = app.Services;
    var unlimited = new ActionOptions { RateLimit = new ActionRateLimitOptions { Burst = int.MaxValue / 2, TokensPerPeriod = int.MaxValue / 2 } };
    var grains = services.GetRequiredService<IGrainFactory>();
    var rateLimiter = new ClusterActionRateLimiter(grains, unlimited, TimeProvider.System, NullLogger<ClusterActionRateLimiter>.Instance);
    var dispatcher = new ActionDispatcher(
        services.GetRequiredService<ITokenValidator>(),
        new ActionCatalog([new NoOpAction()], services.GetRequiredService<HostActionRegistry>()),
        rateLimiter,
        new ActionMetrics(),
        services.GetRequiredService<AuditLog>(),
        new ActionOptions());
    var validator = services.GetRequiredService<ITokenValidator>();
    var input = "{\"n\":1}"u8.ToArray();

    var check = await dispatcher.DispatchAsync(token, NoOpAction.Name, input, CancellationToken.None);
    if (!check.Succeeded)
        throw new InvalidOperationException($"The no-op call was refused: {check.Error!.Code} {check.Error.Message}");

    var results = new List<(string Scenario, int Threads, double PerSecond)>();
    var limitedInstallation = Guid.NewGuid();
    var limit = new RateLimit(unlimited.RateLimit.Burst, unlimited.RateLimit.TokensPerPeriod, unlimited.RateLimit.PeriodMilliseconds);
    var bucket = grains.GetGrain<IRateLimitGrain>(RateLimitKey.For(Guid.NewGuid()));
    foreach (var threads in new[] { 1, Environment.ProcessorCount })
    {
        results.Add(($"cluster rate limiter, permits leased {rateLimiter.BatchSize} at a time (ClusterActionRateLimiter)", threads,
            await RunAsync(threads, seconds, async () => { if (await rateLimiter.TryAcquireAsync(limitedInstallation, CancellationToken.None) is not null) throw new InvalidOperationException(); })));
        results.Add(("a rate-limit grain call per request (IRateLimitGrain.TakeAsync, same silo)", threads,
            await RunAsync(threads, seconds, async () => { if ((await bucket.TakeAsync(1, limit)).Granted != 1) throw new InvalidOperationException(); })));
        results.Add(("token validation only (ITokenValidator)", threads,
            await RunAsync(threads, seconds, async () => { if (!(await validator.ValidateAsync(token)).Succeeded) throw new InvalidOperationException(); })));
        results.Add(("token + dispatch of a no-op action (ActionDispatcher)", threads,
            await RunAsync(threads, seconds, async () => { if (!(await dispatcher.DispatchAsync(token, NoOpAction.Name, input, CancellationToken.None)).Succeeded) throw new InvalidOperationException(); })));
    }

    Console.WriteLine();
    Console.WriteLine("| scenario | threads | calls/s | calls/s per core | µs per call (per thread) |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    foreach (var (scenario, threads, perSecond) in results)
    {
        var cores = Math.Min(threads, Environment.ProcessorCount);
        Console.WriteLine($"| {scenario} | {threads} | {perSecond:N0} | {perSecond / cores:N0} | {1e6 * threads / perSecond:F1} |");
    }
    Console.WriteLine();
    Console.WriteLine($"rate-limit grain calls made by the leased limiter: {rateLimiter.GrainCalls:N0}");
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dataDirectory, recursive: true);
}

static async Task<double> RunAsync(int threads, double seconds, Func<Task> call)
{
    // Warm-up (JIT, caches), then a fixed-duration measured run on each thread.
    for (var i = 0; i < 2000; i++)
        await call();
    long total = 0;
    var stopwatch = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
    {
        long count = 0;
        while (stopwatch.Elapsed < deadline)
        {
            for (var i = 0; i < 100; i++)
                await call();
            count += 100;
        }
        Interlocked.Add(ref total, count);
    })));
    return total / stopwatch.Elapsed.TotalSeconds;
}

static async Task<string> InstallAndMintAsync(HttpClient http, string adminKey)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    var tenant = await (await http.PostAsJsonAsync("/api/v1/tenants", new { slug = "bench-tenant" })).EnsureSuccessStatusCode()
        .Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant!.ApiKey);

    var manifest = JsonSerializer.Serialize(new
    {
        slug = "bench-ext", name = "Bench", version = "1.0.0", runtime = "wasm@1", capabilities = new[] { "cap:log.write" },
        ui = new { type = "iframe", entry = "ui/index.html" },
    });
    var bundle = TarGz(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "<!doctype html>"u8.ToArray()));
    using var form = new MultipartFormDataContent
    {
        { new ByteArrayContent(bundle), PublishForm.Bundle, "bundle.tar.gz" },
        { new StringContent(Selegic.Extensions.Contracts.Hashing.ContentHash.Compute(bundle)), PublishForm.Sha256 },
    };
    (await http.PostAsync("/api/v1/tenants/bench-tenant/extensions/bench-ext/versions", form)).EnsureSuccessStatusCode();
    var installation = await (await http.PostAsJsonAsync("/api/v1/tenants/bench-tenant/installations",
        new { extension = "bench-ext", version = "1.0.0", grants = new[] { "cap:log.write" } })).EnsureSuccessStatusCode()
        .Content.ReadFromJsonAsync<InstallationDto>(ApiJson.Options);
    var minted = await (await http.PostAsJsonAsync($"/api/v1/tenants/bench-tenant/installations/{installation!.Id}/tokens",
        new { user = "bench", ttlSeconds = 900 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MintedTokenResponse>(ApiJson.Options);
    return minted!.Token;
}

static byte[] TarGz(params (string Path, byte[] Content)[] files)
{
    using var output = new MemoryStream();
    using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
    using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax))
    {
        foreach (var (path, content) in files)
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
    }
    return output.ToArray();
}

/// <summary>The benchmark's action: validates its input against a small schema and returns a constant.</summary>
internal sealed class NoOpAction : IBuiltInAction
{
    public const string Name = "bench.noop";
    private static readonly JsonElement Output = JsonDocument.Parse("{}").RootElement;

    public ActionDefinition Definition { get; } = new(Name, "Does nothing (benchmark).", "cap:log.write",
        JsonSchema.Parse("""{ "type": "object", "properties": { "n": { "type": "integer" } } }"""), Mutating: false, ActionSource.BuiltIn);

    public Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken) => Task.FromResult(Output);
}
