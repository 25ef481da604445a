using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Validation;

/// <summary>
/// The spec's validation context C for a module: the index spaces (imports first) with their types,
/// and C.refs, the functions a ref.func in a function body may name.
/// </summary>
internal sealed class ModuleContext
{
    public ModuleDefinition Module { get; }
    public FunctionType[] Types => Module.Types;
    public FunctionType[] Functions { get; }
    public TableType[] Tables { get; }
    public int MemoryCount { get; }
    public GlobalType[] Globals { get; }
    public int ImportedGlobalCount { get; }
    /// <summary>Element segment types, by segment index.</summary>
    public ValueType[] ElementTypes { get; }
    /// <summary>How many data segments instructions may name (the data count section's value).</summary>
    public uint DataCount { get; }
    private readonly HashSet<uint> _declaredFunctionReferences;

    public ModuleContext(ModuleDefinition module)
    {
        Module = module;
        var functions = new List<FunctionType>(module.FunctionTypeIndices.Length);
        var tables = new List<TableType>(module.Tables.Length);
        var globals = new List<GlobalType>(module.Globals.Length);
        var memories = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions.Add(TypeAt(import.FunctionTypeIndex < 0 ? uint.MaxValue : (uint)import.FunctionTypeIndex)); break;
                case ExternalKind.Table: tables.Add(import.Table!); break;
                case ExternalKind.Memory: memories++; break;
                case ExternalKind.Global: globals.Add(import.Global!); break;
            }
        }
        ImportedGlobalCount = globals.Count;
        foreach (var typeIndex in module.FunctionTypeIndices) functions.Add(TypeAt(typeIndex));
        tables.AddRange(module.Tables);
        foreach (var global in module.Globals) globals.Add(global.Type);
        Functions = [.. functions];
        Tables = [.. tables];
        Globals = [.. globals];
        MemoryCount = memories + module.Memories.Length;
        ElementTypes = new ValueType[module.Elements.Length];
        for (var i = 0; i < ElementTypes.Length; i++) ElementTypes[i] = module.Elements[i].ElementType;
        DataCount = module.DataCount ?? (uint)module.Data.Length;
        _declaredFunctionReferences = CollectDeclaredFunctionReferences(module);
    }

    public FunctionType TypeAt(uint index) =>
        index < (uint)Types.Length ? Types[index] : throw new WasmInvalidException($"unknown type {index}");

    public FunctionType FunctionAt(uint index) =>
        index < (uint)Functions.Length ? Functions[index] : throw new WasmInvalidException($"unknown function {index}");

    public TableType TableAt(uint index) =>
        index < (uint)Tables.Length ? Tables[index] : throw new WasmInvalidException($"unknown table {index}");

    public GlobalType GlobalAt(uint index) =>
        index < (uint)Globals.Length ? Globals[index] : throw new WasmInvalidException($"unknown global {index}");

    public void RequireMemory(uint index)
    {
        if (index >= (uint)MemoryCount) throw new WasmInvalidException($"unknown memory {index}");
    }

    public ValueType ElementTypeAt(uint index) =>
        index < (uint)ElementTypes.Length ? ElementTypes[index] : throw new WasmInvalidException($"unknown elem segment {index}");

    public void RequireDataSegment(uint index)
    {
        if (index >= DataCount) throw new WasmInvalidException($"unknown data segment {index}");
    }

    public bool IsDeclaredFunctionReference(uint index) => _declaredFunctionReferences.Contains(index);

    /// <summary>C.refs: functions referenced by ref.func outside function bodies or exported.</summary>
    private static HashSet<uint> CollectDeclaredFunctionReferences(ModuleDefinition module)
    {
        var refs = new HashSet<uint>();
        foreach (var global in module.Globals)
            if (global.Initializer.Kind == ConstantKind.RefFunc) refs.Add(global.Initializer.Index);
        foreach (var segment in module.Elements)
            foreach (var item in segment.Items)
                if (item.Kind == ConstantKind.RefFunc) refs.Add(item.Index);
        foreach (var export in module.Exports)
            if (export.Kind == ExternalKind.Function) refs.Add(export.Index);
        return refs;
    }
}
