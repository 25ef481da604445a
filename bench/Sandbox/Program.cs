using System.Diagnostics;
using System.Text;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Sandbox.Wasi;
using Linker = Wasmtime.Linker;
using Module = Wasmtime.Module;

// Usage: dotnet run -c Release --project bench/Sandbox [-- instantiations coldRuns]
// Prints medians: store + instance of a small WASI module on the pooled engine, and the first call
// of a freshly published ~100 KiB handler: compiled by the optimizing compiler, by the baseline
// compiler first (what the gateway does), and from a precompiled artifact.
var instantiations = args.Length > 0 ? int.Parse(args[0]) : 20_000;
var coldRuns = args.Length > 1 ? int.Parse(args[1]) : 9;
var engine = SandboxEngine.Shared;
Console.WriteLine($"engine: {engine.Fingerprint}");

// ---- instantiate ----------------------------------------------------------------------------
var small = Module.FromBytes(engine.Engine, "small", Module.ConvertText("""
    (module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))
      (memory (export "memory") 2)
      (global $g (mut i32) (i32.const 0))
      (data (i32.const 1024) "small data segment")
      (func (export "run") (result i32) (global.get $g)))
    """));
var linker = WasiPreview1.Define(new Linker(engine.Engine), data => (WasiRun)data!);
var settings = new WasiSettings { Arguments = ["handler"] };
var samples = new double[instantiations];
for (var i = -1000; i < instantiations; i++)
{
    var start = Stopwatch.GetTimestamp();
    using (var store = engine.CreateStore(TimeSpan.FromSeconds(5), 1_000_000, 64 * 1024 * 1024, data: new WasiRun(settings)))
        linker.Instantiate(store, small);
    if (i >= 0) samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
Console.WriteLine($"instantiate (store + instance + dispose, pooled): median {Median(samples):F1} us over {instantiations}");

// ---- cold first call ------------------------------------------------------------------------
var blobs = new Dictionary<string, byte[]>();
var artifacts = new BlobPrecompiledModuleStore(
    (key, _) => Task.FromResult(blobs.GetValueOrDefault(key)),
    (key, bytes, _) => { blobs[key] = bytes.ToArray(); return Task.CompletedTask; });
var compileOnly = new List<double>();
var baselineCompileOnly = new List<double>();
var compiled = new List<double>();
var baselineFirst = new List<double>();
var precompiled = new List<double>();
var wasmBytes = 0;
for (var run = 0; run < coldRuns; run++)
{
    var source = new InMemoryModuleSource();
    var wasm = Module.ConvertText(LargeHandler(run));
    wasmBytes = wasm.Length;
    var reference = source.Add(wasm);
    var compileStart = Stopwatch.GetTimestamp();
    Module.FromBytes(engine.Engine, "compile-only", wasm).Dispose();
    compileOnly.Add(Stopwatch.GetElapsedTime(compileStart).TotalMilliseconds);
    compileStart = Stopwatch.GetTimestamp();
    Module.FromBytes(SandboxEngine.SharedBaseline.Engine, "compile-only", wasm).Dispose();
    baselineCompileOnly.Add(Stopwatch.GetElapsedTime(compileStart).TotalMilliseconds);
    // each mode gets a hash no cache has seen; the artifact the first mode stores serves the last
    var fresh = Module.ConvertText(LargeHandler(run + 2 * coldRuns));
    var freshReference = source.Add(fresh);
    wasm = Module.ConvertText(LargeHandler(run + coldRuns));
    reference = source.Add(wasm);
    foreach (var (timings, mode, module) in new[] { (compiled, "compile", reference), (baselineFirst, "baseline first", freshReference), (precompiled, "deserialize", reference) })
    {
        var cache = new CompiledModuleCache(source, new ModuleCacheOptions
        {
            PrecompiledModules = artifacts,
            BaselineEngine = mode == "baseline first" ? SandboxEngine.SharedBaseline : null,
        });
        var runner = new LocalRunner(cache, new NoActions());
        var start = Stopwatch.GetTimestamp();
        var response = await runner.ExecuteAsync(new ExecuteRequest { Module = module, Method = "GET", Path = "/", RequestId = "bench" });
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.Status != 200) throw new InvalidOperationException($"{mode}: {response.Code} {response.Message}");
        timings.Add(elapsed);
        while (mode != "deserialize" && cache.Statistics.ArtifactsStored == 0) await Task.Delay(1); // background work done before the next mode
        if (mode == "deserialize" && cache.Statistics.PrecompiledLoads != 1) throw new InvalidOperationException("the second cache compiled");
    }
}
Console.WriteLine($"Module.FromBytes alone, {wasmBytes / 1024} KiB module: median {Median([.. compileOnly]):F1} ms over {coldRuns}");
Console.WriteLine($"Module.FromBytes alone, baseline compiler: median {Median([.. baselineCompileOnly]):F1} ms over {coldRuns}");
Console.WriteLine($"cold first call, {wasmBytes / 1024} KiB module, compiled: median {Median([.. compiled]):F1} ms over {coldRuns}");
Console.WriteLine($"cold first call, {wasmBytes / 1024} KiB module, baseline compiler first: median {Median([.. baselineFirst]):F1} ms over {coldRuns}");
Console.WriteLine($"cold first call, {wasmBytes / 1024} KiB module, precompiled artifact: median {Median([.. precompiled]):F1} ms over {coldRuns}");

static double Median(double[] values)
{
    Array.Sort(values);
    return values[values.Length / 2];
}

// A wasm@1 handler padded with ordinary code to about 100 KiB; `variant` makes each content hash new.
static string LargeHandler(int variant)
{
    var response = """{"status":200,"body":"ok"}""";
    var wat = new StringBuilder($$"""
        (module
          (memory (export "memory") 2)
          (global $next (mut i32) (i32.const 8192))
          (data (i32.const 0) "{{response.Replace("\"", "\\\"")}}")
          (func (export "scrm_alloc") (param $size i32) (result i32)
            (local $p i32)
            (local.set $p (global.get $next))
            (global.set $next (i32.add (local.get $p) (local.get $size)))
            (local.get $p))
          (func (export "scrm_handle") (param i32 i32) (result i64) (i64.const {{response.Length}}))
        """);
    for (var f = 0; f < 700; f++)
    {
        wat.Append($"(func (export \"f{f}\") (param $x i32) (result i32) (local $i i32)");
        for (var k = 0; k < 6; k++)
            wat.Append($" (local.set $x (i32.add (i32.mul (local.get $x) (i32.const {variant * 1000 + f * 7 + k + 3})) (i32.load offset={k * 4} (i32.and (local.get $x) (i32.const 0xfff)))))");
        wat.Append(" (local.get $x))\n");
    }
    return wat.Append(')').ToString();
}

sealed class NoActions : IActionInvoker
{
    public Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken) =>
        Task.FromResult(ActionResult.Refused(403, "none", "no actions in this benchmark"));
}
