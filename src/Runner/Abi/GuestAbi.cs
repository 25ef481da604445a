using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox.Wasi;
using Wasmtime;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>A function signature as wasm@1 names it, e.g. (i32, i32) -> i64.</summary>
public sealed record AbiSignature(IReadOnlyList<ValueKind> Parameters, IReadOnlyList<ValueKind> Results)
{
    public bool Matches(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        parameters.SequenceEqual(Parameters) && results.SequenceEqual(Results);

    public static string Format(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        $"({string.Join(", ", parameters.Select(Name))}) -> ({string.Join(", ", results.Select(Name))})";

    public override string ToString() => Format(Parameters, Results);

    private static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        _ => kind.ToString(),
    };
}

/// <summary>
/// The names and signatures of guest ABI <c>wasm@1</c> (docs/guest-abi.md) and the check that a
/// compiled module fits it, done once per module when it enters the cache.
/// </summary>
public static class GuestAbi
{
    public const string Version = "wasm@1";

    public const string HostModule = "scrm";
    public const string ActionCallImport = "action_call";
    public const string LogImport = "log";

    public const string MemoryExport = "memory";
    public const string AllocExport = "scrm_alloc";
    public const string HandleExport = "scrm_handle";
    /// <summary>WASI reactors (clang -mexec-model=reactor) export it; it runs once, before scrm_handle.</summary>
    public const string InitializeExport = "_initialize";

    private const ValueKind I32 = ValueKind.Int32, I64 = ValueKind.Int64;
    public static readonly AbiSignature ActionCallType = new([I32, I32, I32, I32], [I64]);
    public static readonly AbiSignature LogType = new([I32, I32, I32], []);
    public static readonly AbiSignature AllocType = new([I32], [I32]);
    public static readonly AbiSignature HandleType = new([I32, I32], [I64]);
    public static readonly AbiSignature AbortType = new([I32, I32, I32, I32], []);

    /// <summary>Modules a guest may import from: the host API, WASI preview 1 (no files, no network), AssemblyScript's env.abort.</summary>
    public const string WasiModule = WasiPreview1.ModuleName;

    /// <summary>Throws <see cref="RunnerException"/> (<see cref="RunnerCodes.ModuleLinkFailed"/>) naming what does not fit wasm@1.</summary>
    public static void CheckModuleShape(Module module)
    {
        foreach (var import in module.Imports)
        {
            var expected = (import.ModuleName, import.Name) switch
            {
                (HostModule, ActionCallImport) => ActionCallType,
                (HostModule, LogImport) => LogType,
                ("env", "abort") => AbortType,
                (WasiModule, _) => null, // every preview-1 function is defined; the linker checks the type
                _ => throw LinkFailure($"imports {import.ModuleName}.{import.Name}, which {Version} does not provide (only {HostModule}.{ActionCallImport}, {HostModule}.{LogImport}, env.abort and {WasiModule}.*)"),
            };
            if (import is not FunctionImport function)
                throw LinkFailure($"imports {import.ModuleName}.{import.Name} as a {KindOf(import)}; {Version} only provides functions");
            if (expected is not null && !expected.Matches(function.Parameters, function.Results))
                throw LinkFailure($"imports {import.ModuleName}.{import.Name} with type {AbiSignature.Format(function.Parameters, function.Results)}; {Version} defines it as {expected}");
        }

        if (!module.Exports.Any(e => e is MemoryExport { Name: MemoryExport }))
            throw LinkFailure($"does not export its linear memory as \"{MemoryExport}\"");
        CheckFunctionExport(module, AllocExport, AllocType);
        CheckFunctionExport(module, HandleExport, HandleType);
    }

    /// <summary>Pages the exported memory has at start (0 without one).</summary>
    public static long InitialMemoryPages(Module module) =>
        module.Exports.OfType<MemoryExport>().FirstOrDefault(e => e.Name == MemoryExport)?.Minimum ?? 0;

    private static void CheckFunctionExport(Module module, string name, AbiSignature expected)
    {
        var export = module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name)
            ?? throw LinkFailure($"does not export the function \"{name}\" {expected}");
        if (!expected.Matches(export.Parameters, export.Results))
            throw LinkFailure($"exports \"{name}\" with type {AbiSignature.Format(export.Parameters, export.Results)}; {Version} needs {expected}");
    }

    private static string KindOf(Import import) => import switch
    {
        MemoryImport => "memory",
        TableImport => "table",
        GlobalImport => "global",
        _ => "non-function",
    };

    private static RunnerException LinkFailure(string what) =>
        new(RunnerCodes.ModuleLinkFailed, $"The handler module {what}.");
}
