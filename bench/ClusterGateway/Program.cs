using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;

// Cluster gateway benchmark host (driven by bench/gateway.sh with GATEWAY_TOPOLOGY=cohosted or split):
// 1. starts real node processes over one PostgreSQL (EXTENSIONS_TEST_POSTGRES): two co-hosted
//    Frontends (A, B), and for "split" a client Frontend ("edge") in front of them,
// 2. publishes and installs a no-op handler through the node wrk will call (A, or the edge),
// 3. times sequential warm calls through that node and through A (the difference on the split
//    topology is the execution grain's hop: client -> silo -> client),
// 4. starts a bare Kestrel endpoint answering the same bytes in this process, writes the URLs and
//    the caller's token to the file named by args[1] and runs until killed.
var topology = args.Length > 1 && args[0] is "cohosted" or "split" ? args[0] : throw new ArgumentException("usage: cohosted|split <info-file>");
var infoFile = args[1];
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Warning");
await using var edge = topology == "split"
    ? await cluster.StartNodeAsync("edge", "Warning", new Dictionary<string, string> { ["Extensions:Cluster:Role"] = "client" })
    : null;
var entry = edge ?? cluster.A;
Console.WriteLine($"topology {topology}: nodes A={cluster.A.BaseAddress} B={cluster.B.BaseAddress}" + (edge is null ? "" : $" edge={edge.BaseAddress}") + $"; wrk calls {entry.Name}");

using var admin = entry.Client(cluster.AdminKey);
var tenant = (await (await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = "bench-corp" })).EnsureSuccessStatusCode()
    .Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options))!;
using var http = entry.Client(tenant.ApiKey);
var manifest = TestBundles.ManifestJson("noop", "1.0.0", m =>
{
    m["handler"] = "handler.wasm";
    m["api"] = new { endpoints = new[] { new { method = "GET", path = "/noop" } } };
    m.Remove("ui");
});
var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("handler.wasm", NoopHandler()));
using (var form = new MultipartFormDataContent
       {
           { new ByteArrayContent(bundle), PublishForm.Bundle, "bundle.tar.gz" },
           { new StringContent(TestBundles.Sha256(bundle)), PublishForm.Sha256 },
       })
    (await http.PostAsync($"/api/v1/tenants/{tenant.Slug}/extensions/noop/versions", form)).EnsureSuccessStatusCode();
var installed = (await (await http.PostAsJsonAsync($"/api/v1/tenants/{tenant.Slug}/installations", new { extension = "noop", version = "1.0.0" }))
    .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InstallationDto>(ApiJson.Options))!;
var token = (await (await http.PostAsJsonAsync($"/api/v1/tenants/{tenant.Slug}/installations/{installed.Id}/tokens",
    new { user = "bench", ttlSeconds = 900 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MintedTokenResponse>(ApiJson.Options))!.Token;

// Sequential warm calls, alternating between the entry node and A so load changes hit both alike.
using var onA = cluster.A.Client(tenant.ApiKey);
var (throughEntry, throughA) = (new List<double>(), new List<double>());
for (var i = 0; i < 1300; i++)
{
    var first = await TimedGetAsync(http);
    var second = await TimedGetAsync(onA);
    if (i < 100) continue; // warm-up: JIT, the module compiled (baseline, then optimized) on every silo that runs it
    throughEntry.Add(first);
    throughA.Add(second);
}
throughEntry.Sort();
throughA.Sort();
Console.WriteLine($"sequential warm calls ({throughEntry.Count} each, alternating): through {entry.Name} p50 {P(throughEntry, 0.5):F3} ms p99 {P(throughEntry, 0.99):F3} ms; "
    + $"through A p50 {P(throughA, 0.5):F3} ms p99 {P(throughA, 0.99):F3} ms; p50 difference {P(throughEntry, 0.5) - P(throughA, 0.5):F3} ms");

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

File.WriteAllText(infoFile + ".tmp", $"GATEWAY_URL={entry.BaseAddress.ToString().TrimEnd('/')}/api/ext/noop/noop\nBARE_URL={bareApp.Urls.Single()}/noop\nTOKEN={token}\nTENANT_KEY={tenant.ApiKey}\n");
File.Move(infoFile + ".tmp", infoFile, overwrite: true);
Console.WriteLine("ready");
await bareApp.WaitForShutdownAsync();
return;

static double P(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];

static async Task<double> TimedGetAsync(HttpClient client)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync("/api/ext/noop/noop");
    var body = await response.Content.ReadAsStringAsync();
    clock.Stop();
    if (body != "ok") throw new InvalidOperationException($"{(int)response.StatusCode} {body}");
    return clock.Elapsed.TotalMilliseconds;
}

byte[] NoopHandler()
{
    var directory = Directory.CreateTempSubdirectory("scrm-bench-cluster-gateway-").FullName;
    var source = Path.Combine(directory, "noop.c");
    File.WriteAllText(source, """
        #define SCRM_IMPLEMENTATION
        #include "scrm.h"
        static int64_t handle(const scrm_request *req) { return scrm_respond_text(200, "text/plain", "ok", 2); }
        SCRM_EXPORT_HANDLER(handle)
        """);
    var output = Path.Combine(directory, "noop.wasm");
    var start = new ProcessStartInfo("clang") { RedirectStandardError = true };
    foreach (var argument in new[] { "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--strip-all", "-I", Path.Combine(root, "sdk", "c"), source, "-o", output })
        start.ArgumentList.Add(argument);
    using var clang = Process.Start(start)!;
    var errors = clang.StandardError.ReadToEnd();
    clang.WaitForExit();
    if (clang.ExitCode != 0) throw new InvalidOperationException("clang failed: " + errors);
    var wasm = File.ReadAllBytes(output);
    Directory.Delete(directory, recursive: true);
    return wasm;
}
