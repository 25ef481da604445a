using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;

// Engine side of bench/wasm/run.sh, on the handlers' Wasmtime configuration (SandboxEngine with
// the pooling allocator). Prints one "key value" line per figure, for the script to read.
//   WasmBench run REPEAT FILE.wasm [args...]   compile, one warm-up run, then the best wall time of REPEAT runs
//                                              (store + instantiate + _start) and the program's stdout hash, to compare with node
//   WasmBench instantiate FILE.wasm            median time of store + WASI context + instantiate of a compiled module, in microseconds
//   WasmBench compile FILE.wasm...             compile throughput (validate + Cranelift), MB of wasm per second
// WASMBENCH_METERING=epoch or =none runs on the same configuration with fuel metering, or fuel and
// epoch interruption, switched off: what the limits cost (handlers always run with both).
var invariant = CultureInfo.InvariantCulture;
var metering = Environment.GetEnvironmentVariable("WASMBENCH_METERING") ?? "fuel+epoch";
if (metering is not ("fuel+epoch" or "epoch" or "none"))
{
    Console.Error.WriteLine($"WASMBENCH_METERING must be fuel+epoch, epoch or none, not '{metering}'");
    return 2;
}
var fuel = metering == "fuel+epoch";
var epoch = metering != "none";
using var sandbox = new SandboxEngine(SandboxEngineOptions.Handlers);
using var unmetered = fuel ? null : new Engine(SandboxEngine.CreateConfig(SandboxEngineOptions.Handlers).WithFuelConsumption(false).WithEpochInterruption(epoch));
var engine = unmetered ?? sandbox.Engine;
Store CreateStore()
{
    if (fuel) return sandbox.CreateStore();
    var store = new Store(engine);
    if (epoch) store.SetEpochDeadline(ulong.MaxValue);
    return store;
}
using var linker = new Linker(engine);
linker.DefineWasi();
switch (args.FirstOrDefault())
{
    case "run" when args.Length >= 3:
    {
        var repeat = int.Parse(args[1], invariant);
        using var module = Module.FromFile(engine, args[2]);
        byte[] RunOnce(out double seconds)
        {
            var stdout = new MemoryStream();
            var watch = Stopwatch.StartNew();
            using (var store = CreateStore())
            {
                store.SetWasiConfiguration(new WasiConfiguration()
                    .WithArgs([Path.GetFileName(args[2]), .. args[3..]])
                    .WithStandardOutputCallback(bytes => stdout.Write(bytes)));
                try
                {
                    linker.Instantiate(store, module).GetFunction("_start")!.Invoke();
                }
                catch (WasmtimeException e) when (e.ExitCode == 0)
                {
                }
            }
            seconds = watch.Elapsed.TotalSeconds;
            return stdout.ToArray();
        }
        RunOnce(out _);   // warm up, as on the V8 side
        var best = double.MaxValue;
        byte[] output = [];
        for (var i = 0; i < repeat; i++)
        {
            output = RunOnce(out var seconds);
            best = Math.Min(best, seconds);
        }
        Console.WriteLine($"seconds {best.ToString("F4", invariant)}");
        Console.WriteLine($"stdout_sha256 {Convert.ToHexStringLower(SHA256.HashData(output))}");
        break;
    }
    case "instantiate" when args.Length == 2:
    {
        using var module = Module.FromFile(engine, args[1]);
        void InstantiateOnce()
        {
            using var store = CreateStore();
            store.SetWasiConfiguration(new WasiConfiguration());
            linker.Instantiate(store, module);
        }
        for (var i = 0; i < 2_000; i++) InstantiateOnce();   // warm up the pools and the .NET JIT
        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            InstantiateOnce();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(samples);
        Console.WriteLine($"instantiate_median_us {samples[samples.Length / 2].ToString("F2", invariant)}");
        Console.WriteLine($"instantiate_module_bytes {new FileInfo(args[1]).Length}");
        break;
    }
    case "compile" when args.Length >= 2:
    {
        var modules = args[1..].Select(File.ReadAllBytes).ToArray();
        foreach (var m in modules) Module.FromBytes(engine, "warm-up", m).Dispose();
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
            foreach (var m in modules)
            {
                Module.FromBytes(engine, "bench", m).Dispose();   // the engine keeps no cache of compiled modules
                bytes += m.Length;
            }
        Console.WriteLine($"compile_mb_per_s {(bytes / 1e6 / watch.Elapsed.TotalSeconds).ToString("F2", invariant)}");
        break;
    }
    default:
        Console.Error.WriteLine("usage: WasmBench run REPEAT FILE.wasm [args...] | instantiate FILE.wasm | compile FILE.wasm...");
        return 2;
}
return 0;
