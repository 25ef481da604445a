using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Selegic.Extensions.Bench.FaultDrill;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;

// Fault drill (docs/benchmarks.md, "Fault drill"): three Frontend nodes (each co-hosting a silo) on one
// PostgreSQL this program starts, all on loopback, under a steady gateway and publish load. Node B is
// killed (SIGKILL), PostgreSQL is stopped (immediate) and started again, B is started again. Bounded:
// --seconds of load (at most 180) and --max-requests in all. Prints what was sent, what succeeded,
// failures by code, the longest outage, and checks that every publish answered 201 is listed once.
var options = DrillOptions.Parse(args);
var clock = Stopwatch.StartNew();
void Log(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {line}");

await using var postgres = new PostgresServer(options.PostgresPort);
await postgres.InitAndStartAsync();
Environment.SetEnvironmentVariable(PostgresDatabase.EnvironmentVariable, postgres.ConnectionString);
Log($"PostgreSQL on 127.0.0.1:{options.PostgresPort}");

// One blob store for every node, as a cluster shares one (bundles and precompiled handlers).
var blobs = Directory.CreateTempSubdirectory("scrm-faultdrill-blobs-").FullName;
await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Warning", new Dictionary<string, string> { ["Extensions:BlobDirectory"] = blobs });
var nodeC = await cluster.StartNodeAsync("C", "Warning");
Log($"nodes A {cluster.A.BaseAddress}, B {cluster.B.BaseAddress}, C {nodeC.BaseAddress}");

// A tenant, a handler extension installed for the gateway load, and an extension slug to publish versions of.
using var setup = cluster.A.Client(cluster.AdminKey);
var tenant = $"drill-{Guid.NewGuid():N}"[..14];
using var created = await setup.PostAsJsonAsync("/api/v1/tenants", new { slug = tenant });
var tenantKey = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options))!.ApiKey;
using var owner = cluster.A.Client(tenantKey);
const string gatewayExtension = "drill-gateway";
const string publishExtension = "drill-publish";
Require(await PublishAsync(owner, tenant, gatewayExtension, "1.0.0", DrillHandler.Compile()), HttpStatusCode.Created);
Require(await owner.PostAsJsonAsync($"/api/v1/tenants/{tenant}/installations",
    new { extension = gatewayExtension, version = "1.0.0", grants = Array.Empty<string>() }), HttpStatusCode.Created);

var nodes = new[] { cluster.A, cluster.B, nodeC };
var clients = nodes.Select(n => new HttpClient { BaseAddress = n.BaseAddress, Timeout = TimeSpan.FromSeconds(5) }).ToArray();
foreach (var client in clients)
    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenantKey);
var names = new[] { "A", "B", "C" };
var gateway = new Tally("gateway (all nodes)", clock);
var perNode = names.Select(n => new Tally($"gateway on {n}", clock)).ToArray();
var publishes = new Tally("publish", clock);
var accepted = new List<string>();
var acceptedTwice = new List<string>();
var sent = 0;
bool Budget() => Interlocked.Increment(ref sent) <= options.MaxRequests;

// Warm every node's cache and module before the clock of the drill starts.
for (var i = 0; i < clients.Length; i++)
    Require(await clients[i].GetAsync($"/api/ext/{gatewayExtension}/noop"), HttpStatusCode.OK);

var loadStart = clock.Elapsed.TotalSeconds;
var loadEnd = TimeSpan.FromSeconds(loadStart + options.Seconds);
using var inFlight = new SemaphoreSlim(64);
var requests = new List<Task>();

var gatewayLoad = Task.Run(async () =>
{
    var interval = TimeSpan.FromSeconds(1.0 / options.GatewayRate);
    for (var i = 0; clock.Elapsed < loadEnd && Budget(); i++)
    {
        var node = i % clients.Length;
        await inFlight.WaitAsync();
        var client = Volatile.Read(ref clients[node]);
        lock (requests) requests.Add(Task.Run(async () =>
        {
            try
            {
                var at = clock.Elapsed.TotalSeconds;
                gateway.Sending();
                perNode[node].Sending();
                var failure = await SendAsync(() => client.GetAsync($"/api/ext/{gatewayExtension}/noop"), HttpStatusCode.OK);
                gateway.Record(at, failure);
                perNode[node].Record(at, failure);
            }
            finally { inFlight.Release(); }
        }));
        await Task.Delay(interval);
    }
});

var publishLoad = Task.Run(async () =>
{
    for (var n = 1; clock.Elapsed < loadEnd && Budget(); n++)
    {
        var version = $"1.0.{n}";
        var client = Volatile.Read(ref clients[n % clients.Length]);
        var at = clock.Elapsed.TotalSeconds;
        publishes.Sending();
        string? failure;
        try
        {
            using var response = await PublishAsync(client, tenant, publishExtension, version, null);
            failure = await FailureAsync(response, HttpStatusCode.Created);
            if (failure is null)
                lock (accepted) { if (accepted.Contains(version)) acceptedTwice.Add(version); accepted.Add(version); }
        }
        catch (Exception e) { failure = Classify(e); }
        publishes.Record(at, failure);
        await Task.Delay(options.PublishIntervalMs);
    }
});

// The faults, on a fixed timeline from the start of the load.
var events = new List<string>();
async Task At(double second) { var wait = TimeSpan.FromSeconds(loadStart + second) - clock.Elapsed; if (wait > TimeSpan.Zero) await Task.Delay(wait); }
var faults = Task.Run(async () =>
{
    await At(options.Seconds * 0.15);
    var killedAt = clock.Elapsed.TotalSeconds;
    await cluster.B.KillAsync(); // SIGKILL, no goodbye to the cluster
    events.Add($"{killedAt - loadStart:F1}s: node B killed (SIGKILL)");
    Log("node B killed (SIGKILL)");
    var declaredDead = await DeadAfterAsync(postgres.ConnectionString, cluster.Database.Name, killedAt, clock, TimeSpan.FromSeconds(30));
    events.Add(declaredDead is { } dead ? $"B's silo declared Dead in the membership table {dead:F1}s after the kill" : "B's silo not declared Dead within 30 s");

    await At(options.Seconds * 0.4);
    var stoppedAt = clock.Elapsed.TotalSeconds;
    await postgres.StopAsync();
    Log("PostgreSQL stopped (immediate)");
    await Task.Delay(TimeSpan.FromSeconds(options.PostgresDownSeconds));
    await postgres.StartAsync();
    events.Add($"{stoppedAt - loadStart:F1}s: PostgreSQL stopped (immediate), started again after {clock.Elapsed.TotalSeconds - stoppedAt:F1}s");
    Log("PostgreSQL started again");

    await At(options.Seconds * 0.65);
    var restartAt = clock.Elapsed.TotalSeconds;
    var b2 = await cluster.StartNodeAsync("B", "Warning");
    nodes[1] = b2;
    var fresh = new HttpClient { BaseAddress = b2.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
    fresh.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenantKey);
    Volatile.Write(ref clients[1], fresh);
    events.Add($"{restartAt - loadStart:F1}s: node B started again, listening after {clock.Elapsed.TotalSeconds - restartAt:F1}s");
    Log($"node B started again on {b2.BaseAddress}");
});

await Task.WhenAll(gatewayLoad, publishLoad, faults);
Task[] pending;
lock (requests) pending = requests.ToArray();
await Task.WhenAll(pending);
Log("load stopped");

// Nothing accepted was lost: every 201 is listed, and no version is listed (or was accepted) twice.
var listed = await ListVersionsAsync(clients[0], tenant, publishExtension);
var missing = accepted.Except(listed).ToList();
var listedTwice = listed.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

Console.WriteLine();
Console.WriteLine($"Fault drill: 3 nodes, one PostgreSQL, {options.Seconds} s of load ({options.GatewayRate}/s gateway GETs round-robin, a publish every {options.PublishIntervalMs} ms)");
foreach (var e in events) Console.WriteLine($"  {e}");
foreach (var tally in new[] { gateway }.Concat(perNode).Append(publishes))
{
    var (outage, from) = tally.LongestOutage();
    var failures = tally.Failures.Count == 0 ? "none" : string.Join(", ", tally.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));
    var outageText = outage == 0 ? "no outage" : $"longest outage {outage:F1}s (from {from - loadStart:F1}s)";
    Console.WriteLine($"{tally.Kind}: sent {tally.Sent}, succeeded {tally.Succeeded}, failed {tally.Sent - tally.Succeeded} ({failures}); {outageText}");
}
Console.WriteLine($"publishes accepted (201): {accepted.Count}; listed afterwards: {listed.Count}; accepted but missing: {missing.Count}; accepted twice: {acceptedTwice.Count}; listed twice: {listedTwice.Count}");
var lost = missing.Count + acceptedTwice.Count + listedTwice.Count;
Console.WriteLine(lost == 0 ? "VERIFIED: nothing accepted was lost, no version twice" : $"FAILED: missing [{string.Join(", ", missing)}], accepted twice [{string.Join(", ", acceptedTwice)}], listed twice [{string.Join(", ", listedTwice)}]");
// What the nodes logged as failures (first line of each distinct exception), to explain 5xx answers.
foreach (var (name, node) in new[] { ("A", cluster.A), ("C", nodeC), ("B after restart", nodes[1]) })
{
    var lines = node.OutputLines.ToList();
    var causes = lines.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("fail:") && x.i + 2 < lines.Count)
        .Select(x => lines[x.i + 1].Trim() + " | " + lines[x.i + 2].Trim()).Distinct().Take(4).ToList();
    foreach (var cause in causes) Console.WriteLine($"  node {name} logged: {(cause.Length > 240 ? cause[..240] + "..." : cause)}");
}
await nodeC.DisposeAsync();
await nodes[1].DisposeAsync();
try { Directory.Delete(blobs, recursive: true); } catch (IOException) { }
return lost == 0 ? 0 : 1;

static async Task<HttpResponseMessage> PublishAsync(HttpClient client, string tenant, string slug, string version, byte[]? handler)
{
    var manifest = TestBundles.ManifestJson(slug, version, m =>
    {
        if (handler is null) return;
        m["handler"] = "handler.wasm";
        m["api"] = new { endpoints = new[] { new { method = "GET", path = "/noop" } } };
    });
    var files = new List<(string, byte[])> { ("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "<!doctype html>"u8.ToArray()) };
    if (handler is not null) files.Add(("handler.wasm", handler));
    var bundle = TestBundles.Files(files.ToArray());
    using var form = new MultipartFormDataContent
    {
        { new ByteArrayContent(bundle), PublishForm.Bundle, "bundle.tar.gz" },
        { new StringContent(TestBundles.Sha256(bundle)), PublishForm.Sha256 },
    };
    return await client.PostAsync($"/api/v1/tenants/{tenant}/extensions/{slug}/versions", form);
}

static async Task<string?> SendAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
{
    try
    {
        using var response = await send();
        return await FailureAsync(response, expected);
    }
    catch (Exception e) { return Classify(e); }
}

static async Task<string?> FailureAsync(HttpResponseMessage response, HttpStatusCode expected)
{
    if (response.StatusCode == expected) return null;
    var code = "";
    try { code = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString() ?? ""; }
    catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
    return $"{(int)response.StatusCode} {code}".Trim();
}

static string Classify(Exception e) => e switch
{
    HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => "connection refused",
    HttpRequestException => "connection failed",
    TaskCanceledException => "timeout (5 s)",
    _ => e.GetType().Name,
};

static void Require(HttpResponseMessage response, HttpStatusCode expected)
{
    using (response)
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
}

static async Task<List<string>> ListVersionsAsync(HttpClient client, string tenant, string slug)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            using var response = await client.GetAsync($"/api/v1/tenants/{tenant}/extensions/{slug}/versions");
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToList();
        }
        catch (Exception) when (attempt < 30) { await Task.Delay(1000); }
    }
}

// Seconds from the kill until the membership table shows a Dead silo (Orleans SiloStatus.Dead = 6); null past the bound.
static async Task<double?> DeadAfterAsync(string admin, string database, double killedAt, Stopwatch clock, TimeSpan bound)
{
    var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
    while (clock.Elapsed.TotalSeconds - killedAt < bound.TotalSeconds)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0) return clock.Elapsed.TotalSeconds - killedAt;
        }
        catch (NpgsqlException) { }
        await Task.Delay(200);
    }
    return null;
}
