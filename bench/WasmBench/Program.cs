using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Wasi;
using Selegic.Extensions.Wasm.Runtime;

// Engine side of bench/wasm/run.sh. Prints one "key value" line per figure, for the script to read.
//   WasmBench run REPEAT FILE.wasm [args...]   compile, one warm-up run, then the best wall time of REPEAT runs
//                                              (instantiate + _start) and the program's stdout hash, to compare with node
//   WasmBench instantiate FILE.wasm            median instantiate time of a compiled module, in microseconds
//   WasmBench compile FILE.wasm...             compile throughput (decode + validate + compile), MB of wasm per second
var invariant = CultureInfo.InvariantCulture;
var engine = new WasmEngine();
switch (args.FirstOrDefault())
{
    case "run" when args.Length >= 3:
    {
        var repeat = int.Parse(args[1], invariant);
        var module = engine.Compile(File.ReadAllBytes(args[2]));
        WasiRunResult RunOnce(out double seconds)
        {
            var watch = Stopwatch.StartNew();
            var result = WasiRunner.Run(module, new WasiConfiguration { Arguments = [Path.GetFileName(args[2]), .. args[3..]] });
            seconds = watch.Elapsed.TotalSeconds;
            if (result.Failure is not null || result.ExitCode != 0)
                throw new InvalidOperationException($"{args[2]} failed: exit {result.ExitCode} {result.Failure?.Message}");
            return result;
        }
        RunOnce(out _);   // warm up: the .NET JIT compiles the emitted IL on first call
        var best = double.MaxValue;
        byte[] stdout = [];
        for (var i = 0; i < repeat; i++)
        {
            stdout = RunOnce(out var seconds).Stdout;
            best = Math.Min(best, seconds);
        }
        Console.WriteLine($"seconds {best.ToString("F4", invariant)}");
        Console.WriteLine($"stdout_sha256 {Convert.ToHexStringLower(SHA256.HashData(stdout))}");
        break;
    }
    case "instantiate" when args.Length == 2:
    {
        var module = engine.Compile(File.ReadAllBytes(args[1]));
        var linker = new WasiContext(new WasiConfiguration()).DefineImports(new Linker());
        for (var i = 0; i < 2_000; i++) linker.Instantiate(module);   // warm up the JIT
        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            linker.Instantiate(module);
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
        foreach (var m in modules) engine.Compile(m);   // warm up
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
            foreach (var m in modules)
            {
                new WasmEngine().Compile(m);   // a fresh engine each time: nothing cached
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
