using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Decoding;
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
        _mayReplaceMemory = HasMemory ? FindFunctionsThatMayReplaceMemory() : new bool[module.Code.Length];
    }

    private readonly bool[] _mayReplaceMemory;

    /// <summary>
    /// Whether calling the function can leave the memory with a new buffer (memory.grow in it or
    /// anything it calls; imports and indirect calls count as unknown). Callers of other
    /// functions keep their cached buffer across the call.
    /// </summary>
    public bool MayReplaceMemory(int functionIndex) =>
        functionIndex < ImportedFunctionCount || _mayReplaceMemory[functionIndex - ImportedFunctionCount];

    private bool[] FindFunctionsThatMayReplaceMemory()
    {
        var count = Module.Code.Length;
        var result = new bool[count];
        var callers = new List<int>?[count];
        var pending = new Stack<int>();
        for (var i = 0; i < count; i++)
        {
            var reader = new WasmReader(Module.Code[i].Code.Span);
            while (!reader.AtEnd && !result[i])
            {
                var op = reader.ReadByte();
                if (op is Opcodes.MemoryGrow or Opcodes.CallIndirect) result[i] = true;
                else if (op == Opcodes.Call)
                {
                    var callee = (int)reader.ReadU32() - ImportedFunctionCount;
                    if (callee < 0) result[i] = true;
                    else (callers[callee] ??= []).Add(i);
                    continue;
                }
                InstructionSkipper.SkipImmediates(op, ref reader);
            }
            if (result[i]) pending.Push(i);
        }
        while (pending.Count > 0)
        {
            var grown = pending.Pop();
            if (callers[grown] is not { } list) continue;
            foreach (var caller in list)
                if (!result[caller])
                {
                    result[caller] = true;
                    pending.Push(caller);
                }
        }
        return result;
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
