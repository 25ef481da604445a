using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>The module's index spaces as the compiler needs them (imports first, then definitions).</summary>
internal sealed class ModuleLayout
{
    public ModuleLayout(ModuleDefinition module)
    {
        Module = module;
        var functionTypes = new List<int>();
        var globals = new List<GlobalType>();
        var tables = new List<TableType>();
        foreach (var import in module.Imports)
        {
            if (import.Kind == ExternalKind.Function) functionTypes.Add(import.FunctionTypeIndex);
            else if (import.Kind == ExternalKind.Global) globals.Add(import.Global!);
            else if (import.Kind == ExternalKind.Table) tables.Add(import.Table!);
        }
        ImportedFunctionCount = functionTypes.Count;
        ImportedGlobalCount = globals.Count;
        foreach (var t in module.FunctionTypeIndices) functionTypes.Add((int)t);
        foreach (var g in module.Globals) globals.Add(g.Type);
        FunctionTypeIndices = [.. functionTypes];
        GlobalTypes = [.. globals];
        tables.AddRange(module.Tables);
        TableTypes = [.. tables];
        HasMemory = module.Memories.Length > 0 || module.ImportedMemoryCount > 0;
        Methods = new DynamicMethod[module.Code.Length];
    }

    public ModuleDefinition Module { get; }
    public int[] FunctionTypeIndices { get; }
    public int ImportedFunctionCount { get; }
    public int ImportedGlobalCount { get; }
    public GlobalType[] GlobalTypes { get; }
    public TableType[] TableTypes { get; }
    public bool HasMemory { get; }

    public Model.ValueType TableElementType(int tableIndex) => TableTypes[tableIndex].ElementType;

    /// <summary>One dynamic method per module-defined function, created before any body is compiled.</summary>
    public DynamicMethod[] Methods { get; }

    public FunctionType FunctionType(int functionIndex) => Module.Types[FunctionTypeIndices[functionIndex]];

    /// <summary>The initializer of a module-defined immutable numeric global, which code may use as a constant.</summary>
    public ConstantExpression? ConstantGlobal(int globalIndex)
    {
        if (globalIndex < ImportedGlobalCount) return null;
        var g = Module.Globals[globalIndex - ImportedGlobalCount];
        return !g.Type.Mutable && g.Initializer.Kind is ConstantKind.I32 or ConstantKind.I64 or ConstantKind.F32 or ConstantKind.F64
            ? g.Initializer : null;
    }
}
