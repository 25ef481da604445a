using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Runner.Abi;

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

    public static readonly FunctionType ActionCallType = new([ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32], [ValueType.I64]);
    public static readonly FunctionType LogType = new([ValueType.I32, ValueType.I32, ValueType.I32], []);
    public static readonly FunctionType AllocType = new([ValueType.I32], [ValueType.I32]);
    public static readonly FunctionType HandleType = new([ValueType.I32, ValueType.I32], [ValueType.I64]);
    public static readonly FunctionType AbortType = new([ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32], []);

    /// <summary>Modules a guest may import from: the host API, WASI preview 1 (no files, no network), AssemblyScript's env.abort.</summary>
    public const string WasiModule = Wasm.Wasi.WasiContext.ModuleName;

    /// <summary>Throws <see cref="RunnerException"/> (<see cref="RunnerCodes.ModuleLinkFailed"/>) naming what does not fit wasm@1.</summary>
    public static void CheckModuleShape(ModuleDefinition module)
    {
        foreach (var import in module.Imports)
        {
            var expected = (import.Module, import.Name) switch
            {
                (HostModule, ActionCallImport) => ActionCallType,
                (HostModule, LogImport) => LogType,
                ("env", "abort") => AbortType,
                (WasiModule, _) => null, // every preview-1 function is defined; the linker checks the type
                _ => throw LinkFailure($"imports {import.Module}.{import.Name}, which {Version} does not provide (only {HostModule}.{ActionCallImport}, {HostModule}.{LogImport}, env.abort and {WasiModule}.*)"),
            };
            if (import.Kind != ExternalKind.Function)
                throw LinkFailure($"imports {import.Module}.{import.Name} as a {import.Kind}; {Version} only provides functions");
            if (expected is not null && !module.Types[import.FunctionTypeIndex].Equals(expected))
                throw LinkFailure($"imports {import.Module}.{import.Name} with type {module.Types[import.FunctionTypeIndex]}; {Version} defines it as {expected}");
        }

        if (!module.Exports.Any(e => e.Name == MemoryExport && e.Kind == ExternalKind.Memory))
            throw LinkFailure($"does not export its linear memory as \"{MemoryExport}\"");
        CheckFunctionExport(module, AllocExport, AllocType);
        CheckFunctionExport(module, HandleExport, HandleType);
    }

    private static void CheckFunctionExport(ModuleDefinition module, string name, FunctionType expected)
    {
        var export = module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Function)
            ?? throw LinkFailure($"does not export the function \"{name}\" {expected}");
        var type = FunctionTypeOf(module, export.Index);
        if (!type.Equals(expected))
            throw LinkFailure($"exports \"{name}\" with type {type}; {Version} needs {expected}");
    }

    private static FunctionType FunctionTypeOf(ModuleDefinition module, uint functionIndex)
    {
        var imported = module.Imports.Where(i => i.Kind == ExternalKind.Function).ToArray();
        return functionIndex < imported.Length
            ? module.Types[imported[functionIndex].FunctionTypeIndex]
            : module.Types[module.FunctionTypeIndices[functionIndex - imported.Length]];
    }

    private static RunnerException LinkFailure(string what) =>
        new(RunnerCodes.ModuleLinkFailed, $"The handler module {what}.");
}
