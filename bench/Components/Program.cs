using System.Diagnostics;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.TestSupport;

// Usage: dotnet run -c Release --project bench/Components [-- warmCalls coldRuns]
// (needs `npm ci` in sdk/js and sdk/assemblyscript). The same no-op handler in TypeScript
// (wasm-js@1, a component) and AssemblyScript (wasm@1, a core module), in one process: build time
// with the real toolchain, handler size, the first call of a fresh cache that loads the
// precompiled artifact (what a node sees after publish), then warm latency (p50, p99) and
// throughput of sequential calls through LocalRunner.
var warmCalls = args.Length > 0 ? int.Parse(args[0]) : 2000;
var coldRuns = args.Length > 1 ? int.Parse(args[1]) : 9;
var handlers = Path.Combine(RepositoryPaths.Root, "bench", "Components", "handlers");
var output = Directory.CreateTempSubdirectory("scrm-bench-components-").FullName;

var typeScript = Build("TypeScript (wasm-js@1)", Path.Combine(output, "noop.wasm"), "node",
    [Path.Combine(RepositoryPaths.Root, "sdk", "js", "scripts", "build.mjs"), Path.Combine(handlers, "noop.ts"), "-o", Path.Combine(output, "noop.wasm")]);
var assemblyScript = Build("AssemblyScript (wasm@1)", Path.Combine(output, "noop-as.wasm"), "node",
    [Path.Combine(RepositoryPaths.Root, "sdk", "assemblyscript", "node_modules", "assemblyscript", "bin", "asc.js"),
     Path.Combine(handlers, "noop-as.ts"), "-o", Path.Combine(output, "noop-as.wasm"), "--optimize", "--runtime", "stub"]);

foreach (var (name, wasm) in new[] { ("TypeScript (wasm-js@1)", typeScript), ("AssemblyScript (wasm@1)", assemblyScript) })
{
    var source = new InMemoryModuleSource();
    var reference = source.Add(wasm);
    var blobs = new Dictionary<string, byte[]>();
    var artifacts = new BlobPrecompiledModuleStore(
        (key, _) => Task.FromResult(blobs.GetValueOrDefault(key)),
        (key, bytes, _) => { blobs[key] = bytes.ToArray(); return Task.CompletedTask; });

    // compile once and store the artifact (what publish does for wasm-js@1)
    var compiler = new CompiledModuleCache(source, new ModuleCacheOptions { PrecompiledModules = artifacts });
    var compileStart = Stopwatch.GetTimestamp();
    await Call(new LocalRunner(compiler, new NoActions()), reference);
    var compileMs = Stopwatch.GetElapsedTime(compileStart).TotalMilliseconds;
    while (compiler.Statistics.ArtifactsStored == 0) await Task.Delay(5);
    Console.WriteLine($"{name}: compile + first call {compileMs:F0} ms; artifact {blobs.Values.Single().Length / 1024.0 / 1024:F2} MiB");

    var cold = new double[coldRuns];
    for (var i = 0; i < coldRuns; i++)
    {
        var cache = new CompiledModuleCache(source, new ModuleCacheOptions { PrecompiledModules = artifacts });
        var start = Stopwatch.GetTimestamp();
        await Call(new LocalRunner(cache, new NoActions()), reference);
        cold[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (cache.Statistics.PrecompiledLoads != 1) throw new InvalidOperationException("the cache compiled instead of loading the artifact");
    }
    Console.WriteLine($"{name}: cold first call from the precompiled artifact: median {Percentile(cold, 0.5):F2} ms over {coldRuns}");

    var runner = new LocalRunner(compiler, new NoActions());
    for (var i = 0; i < Math.Min(200, warmCalls); i++) await Call(runner, reference);
    var warm = new double[warmCalls];
    var all = Stopwatch.StartNew();
    for (var i = 0; i < warmCalls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await Call(runner, reference);
        warm[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    var seconds = all.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: warm call p50 {Percentile(warm, 0.5):F0} us, p99 {Percentile(warm, 0.99):F0} us; {warmCalls / seconds:F0} calls/s sequential over {warmCalls}");
}
Directory.Delete(output, recursive: true);

static byte[] Build(string name, string wasm, string tool, string[] arguments)
{
    var start = Stopwatch.GetTimestamp();
    ExternalProcess.RunChecked(tool, arguments);
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var bytes = File.ReadAllBytes(wasm);
    Console.WriteLine($"{name}: build {seconds:F1} s; handler {(bytes.Length >= 1024 * 1024 ? $"{bytes.Length / 1024.0 / 1024:F2} MiB" : $"{bytes.Length / 1024.0:F1} KiB")}");
    return bytes;
}

static async Task Call(LocalRunner runner, ModuleReference reference)
{
    var response = await runner.ExecuteAsync(new ExecuteRequest { Module = reference, Method = "GET", Path = "/", RequestId = "bench" });
    if (response.Status != 200) throw new InvalidOperationException($"{response.Code}: {response.Message}");
}

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
}

sealed class NoActions : IActionInvoker
{
    public Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken) =>
        Task.FromResult(ActionResult.Refused(403, "none", "no actions in this benchmark"));
}
