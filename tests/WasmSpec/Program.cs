using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.WasmSpec;

// Usage: WasmSpec <json-dir> [--file NAME] [--verbose] [--pooled] [--baseline]
//   <json-dir>   the wast2json output folder (one sub-folder per script)
//   --file NAME  run only that script (e.g. --file br_table)
//   --verbose    print every failure: command line, expected, actual
//   --pooled     use the handlers' pooling allocator too (with room for a script's 400 instances)
//   --baseline   compile with the baseline compiler (Winch), as a handler's cold first calls are;
//                a script loading a module Winch refuses runs on Cranelift, as the module cache does
// The engine is the one handlers run on (SandboxEngine: same features, stack, fuel and epochs);
// by default its memories are allocated per module instead of pooled, since one script
// instantiates up to 400 modules into one store.
string? directory = null;
string? only = null;
var verbose = false;
var pooled = false;
var baseline = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--file" when i + 1 < args.Length: only = args[++i]; break;
        case "--verbose" or "-v": verbose = true; break;
        case "--pooled": pooled = true; break;
        case "--baseline": baseline = true; break;
        default:
            if (directory is null && !args[i].StartsWith('-')) { directory = args[i]; break; }
            Console.Error.WriteLine($"unknown argument '{args[i]}'");
            return 2;
    }
}
if (directory is null || !Directory.Exists(directory))
{
    Console.Error.WriteLine("usage: WasmSpec <json-dir> [--file NAME] [--verbose] [--pooled] [--baseline]");
    return 2;
}

var options = pooled ? SandboxEngineOptions.Handlers with { MaxInstances = 512 } : SandboxEngineOptions.Unpooled;
using var sandbox = new SandboxEngine(options with { Baseline = baseline });
using var fallback = baseline ? new SandboxEngine(options) : null;
var (totals, fellBack) = SpecSuite.Run(directory, only, sandbox.Engine, Console.Out, verbose, fallback?.Engine);
if (baseline) Console.WriteLine($"{fellBack} scripts ran on Cranelift: they load a module Winch refuses");
Console.WriteLine($"{totals.Passed} passed, {totals.Failed} failed (Wasmtime {SandboxEngine.WasmtimeVersion}; {sandbox.Fingerprint})");
return totals.Failed == 0 && totals.Passed > 0 ? 0 : 1;
