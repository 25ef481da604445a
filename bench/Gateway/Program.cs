using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Hosting;

// Gateway benchmark host (driven by bench/gateway.sh):
// 1. starts the real server (embedded default: SQLite + filesystem blobs, Runner in process),
// 2. cold first calls: for fresh ~100 KiB handler modules, publish + install, then time the first
//    request through the gateway (blob fetch, hash verify, baseline compile, instantiate, run) and a
//    second one (still the baseline code or already the optimized module, whichever is in the cache),
// 3. publishes a no-op handler and starts a bare Kestrel endpoint answering the same bytes,
// 4. writes the URLs and the caller's token to the file named by args[0] and runs until killed;
//    the script then measures both with wrk.
var infoFile = args.Length > 0 ? args[0] : throw new ArgumentException("usage: <info-file> [cold-runs]");
var coldRuns = args.Length > 1 ? int.Parse(args[1]) : 7;
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scrm-bench-gateway-" + Guid.NewGuid().ToString("N"))).FullName;
var adminKey = "bench-admin-" + Guid.NewGuid().ToString("N");

var server = ExtensionsServer.Build([
    "--urls=http://127.0.0.1:0", $"--Extensions:DataDirectory={work}", "--Logging:LogLevel:Default=Warning",
    $"--EXTENSIONS_ADMIN_API_KEY={adminKey}",
]);
var started = await ExtensionsServer.StartAsync(server);
var baseUrl = started.Urls.Single();
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

// a tenant and its key
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
var tenant = (await (await http.PostAsJsonAsync("/api/v1/tenants", new { slug = "bench-corp" })).EnsureSuccessStatusCode()
    .Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options))!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);

// cold first calls
var source = Path.Combine(work, "big.c");
File.WriteAllText(source, BigHandlerSource(functions: 390));
var bigModule = Clang(source);
var cold = new List<double>();
var warm = new List<double>();
for (var run = 0; run <= coldRuns; run++)
{
    var wasm = WithSaltSection(bigModule, run); // new bytes, new content hash: a module the cache has never seen
    var slug = $"cold-{run}";
    await PublishAndInstallAsync(slug, wasm);
    var first = await TimedGetAsync($"/api/ext/{slug}/noop");
    var second = await TimedGetAsync($"/api/ext/{slug}/noop");
    // the optimized compile that follows the baseline one must not overlap the next module's first call
    await server.Services.GetRequiredService<Selegic.Extensions.Runner.Modules.CompiledModuleCache>().WhenIdleAsync();
    if (run == 0) continue; // the process's first module also JITs the engine and the server's paths: not a per-module cost
    cold.Add(first);
    warm.Add(second);
}
cold.Sort();
warm.Sort();
Console.WriteLine($"cold first call, {bigModule.Length / 1024.0:F1} KiB module, {cold.Count} fresh modules: " +
    $"median {cold[cold.Count / 2]:F1} ms, min {cold[0]:F1} ms, max {cold[^1]:F1} ms; second call median {warm[warm.Count / 2]:F1} ms");

// no-op handler and the bare endpoint
File.WriteAllText(Path.Combine(work, "noop.c"), NoopSource);
var installationId = await PublishAndInstallAsync("noop", Clang(Path.Combine(work, "noop.c")));
var token = (await (await http.PostAsJsonAsync($"/api/v1/tenants/{tenant.Slug}/installations/{installationId}/tokens",
    new { user = "bench", ttlSeconds = 900 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MintedTokenResponse>(ApiJson.Options))!.Token;

// Where a warm call's time goes: sequential calls through HTTP vs the Runner alone (same module).
var runner = server.Services.GetRequiredService<Selegic.Extensions.Runner.Execution.IRunner>();
var installation = (await server.Services.GetRequiredService<Selegic.Extensions.Platform.Installations.IInstallationDirectory>()
    .FindByExtensionAsync((await server.Services.GetRequiredService<Selegic.Extensions.Platform.Storage.IMetadataStore>()
        .GetTenantBySlugAsync(tenant.Slug, default))!.Id, "noop", default))!;
var direct = new Selegic.Extensions.Runner.Execution.ExecuteRequest
{
    Module = Selegic.Extensions.Frontend.Gateway.BlobModuleSource.Reference(installation.TenantId, installation.ContentHash),
    Method = "GET", Path = "/noop",
};
var sequential = new List<double>();
var runnerOnly = new List<double>();
for (var i = 0; i < 300; i++)
{
    sequential.Add(await TimedGetAsync("/api/ext/noop/noop"));
    var clock = Stopwatch.StartNew();
    var executed = await runner.ExecuteAsync(direct);
    runnerOnly.Add(clock.Elapsed.TotalMilliseconds);
    if (!executed.Succeeded) throw new InvalidOperationException(executed.Message);
}
sequential.Sort();
runnerOnly.Sort();
Console.WriteLine($"sequential warm calls (300): through HTTP p50 {sequential[150]:F2} ms p99 {sequential[296]:F2} ms; IRunner alone p50 {runnerOnly[150]:F2} ms p99 {runnerOnly[296]:F2} ms");

// Allocation per call (independent of machine load): the Runner alone, and a call through HTTP
// (which includes this process's HttpClient side of the call).
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
for (var i = 0; i < 1000; i++) await runner.ExecuteAsync(direct);
var runnerBytes = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1000;
allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var collectionsBefore = GC.CollectionCount(0);
for (var i = 0; i < 1000; i++) await TimedGetAsync("/api/ext/noop/noop");
var httpBytes = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1000;
Console.WriteLine($"allocated per call: IRunner alone {runnerBytes} B; through HTTP (client and server) {httpBytes} B; " +
    $"{GC.CollectionCount(0) - collectionsBefore} gen0 collections in 1000 calls");

// The Runner alone at the same concurrency as wrk: the ceiling the gateway can reach.
var executions = 0L;
var until = DateTime.UtcNow.AddSeconds(5);
await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
{
    while (DateTime.UtcNow < until)
    {
        await runner.ExecuteAsync(direct);
        Interlocked.Increment(ref executions);
    }
})));
Console.WriteLine($"sequential IRunner throughput at 32 concurrent callers, 5 s: {executions / 5.0:F0} executions/s");

var bare = WebApplication.CreateSlimBuilder();
bare.WebHost.UseUrls("http://127.0.0.1:0");
bare.Logging.SetMinimumLevel(LogLevel.Warning);
var bareApp = bare.Build();
bareApp.MapGet("/noop", (HttpContext context) =>
{
    context.Response.ContentType = "text/plain";
    context.Response.Headers.XContentTypeOptions = "nosniff";
    return context.Response.Body.WriteAsync("ok"u8.ToArray()).AsTask();
});
await bareApp.StartAsync();
var bareUrl = bareApp.Urls.Single();

File.WriteAllText(infoFile + ".tmp", $"GATEWAY_URL={baseUrl}/api/ext/noop/noop\nBARE_URL={bareUrl}/noop\nTOKEN={token}\nTENANT_KEY={tenant.ApiKey}\n");
File.Move(infoFile + ".tmp", infoFile, overwrite: true);
Console.WriteLine("ready");
await server.WaitForShutdownAsync();
return;

async Task<Guid> PublishAndInstallAsync(string slug, byte[] wasm)
{
    var manifest = JsonSerializer.Serialize(new
    {
        slug, name = slug, version = "1.0.0", runtime = "wasm@1", handler = "handler.wasm", capabilities = Array.Empty<string>(),
        api = new { endpoints = new[] { new { method = "GET", path = "/noop" } } },
    });
    var bundle = Bundle(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("handler.wasm", wasm));
    using var form = new MultipartFormDataContent();
    var file = new ByteArrayContent(bundle);
    file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
    form.Add(file, PublishForm.Bundle, "bundle.tar.gz");
    form.Add(new StringContent("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bundle))), PublishForm.Sha256);
    (await http.PostAsync($"/api/v1/tenants/{tenant.Slug}/extensions/{slug}/versions", form)).EnsureSuccessStatusCode();
    var installed = await (await http.PostAsJsonAsync($"/api/v1/tenants/{tenant.Slug}/installations",
        new { extension = slug, version = "1.0.0" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InstallationDto>(ApiJson.Options);
    return installed!.Id;
}

async Task<double> TimedGetAsync(string path)
{
    var clock = Stopwatch.StartNew();
    using var response = await http.GetAsync(path);
    var body = await response.Content.ReadAsStringAsync();
    clock.Stop();
    if (body != "ok") throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
    return clock.Elapsed.TotalMilliseconds;
}

// A custom section (id 0) named "bench-salt" holding the run number: valid wasm, ignored by the engine.
static byte[] WithSaltSection(byte[] module, int salt)
{
    var name = "bench-salt"u8.ToArray();
    var payload = BitConverter.GetBytes(salt);
    var content = new byte[] { (byte)name.Length }.Concat(name).Concat(payload).ToArray();
    return [.. module, 0, (byte)content.Length, .. content];
}

byte[] Clang(string path, params string[] defines)
{
    var output = Path.ChangeExtension(path, ".wasm");
    var start = new ProcessStartInfo("clang") { RedirectStandardError = true };
    foreach (var argument in new[] { "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--strip-all", "-I", Path.Combine(root, "sdk", "c") }
                 .Concat(defines).Concat([path, "-o", output]))
        start.ArgumentList.Add(argument);
    using var clang = Process.Start(start)!;
    var errors = clang.StandardError.ReadToEnd();
    clang.WaitForExit();
    if (clang.ExitCode != 0) throw new InvalidOperationException("clang failed: " + errors);
    return File.ReadAllBytes(output);
}

static byte[] Bundle(params (string Path, byte[] Content)[] files)
{
    using var tar = new MemoryStream();
    using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        foreach (var (path, content) in files)
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
    using var gz = new MemoryStream();
    using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        gzip.Write(tar.ToArray());
    return gz.ToArray();
}

// ~100 KiB of real code: many distinct functions reachable through a table, so none is dropped.
static string BigHandlerSource(int functions)
{
    var c = new StringBuilder(NoopSource.Replace("SCRM_EXPORT_HANDLER(handle)", ""));
        for (var i = 0; i < functions; i++)
        c.AppendLine($$"""
            __attribute__((noinline)) static long long f{{i}}(long long x) {
                long long a = x * {{i * 2 + 1}} + {{i % 5}};
                for (int k = 0; k < (int)(x & 7); k++) { a ^= a << {{i % 13 + 1}}; a ^= a >> {{i % 7 + 1}}; a += k * {{i + 3}}; }
                return a % {{1000003 + i}} + (x > {{i}} ? a / {{i + 2}} : {{i}});
            }
            """);
    c.AppendLine("static long long (*const table[])(long long) = {" + string.Join(",", Enumerable.Range(0, functions).Select(i => $"f{i}")) + "};");
    c.AppendLine("static volatile int pick = -1;");
    c.AppendLine("static int64_t big(const scrm_request *req) { if (pick >= 0) table[pick](pick); return handle(req); }");
    c.AppendLine("SCRM_EXPORT_HANDLER(big)");
    return c.ToString();
}

partial class Program
{
    const string NoopSource = """
        #define SCRM_IMPLEMENTATION
        #include "scrm.h"
        static int64_t handle(const scrm_request *req) { return scrm_respond_text(200, "text/plain", "ok", 2); }
        SCRM_EXPORT_HANDLER(handle)
        """;
}
