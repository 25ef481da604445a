using System.Reflection;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>The runtime fields generated code reads and writes.</summary>
internal static class ContextFields
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    public static readonly FieldInfo Memory = typeof(InstanceContext).GetField(nameof(InstanceContext.Memory), Any)!;
    public static readonly FieldInfo Globals = typeof(InstanceContext).GetField(nameof(InstanceContext.Globals), Any)!;
    public static readonly FieldInfo Functions = typeof(InstanceContext).GetField(nameof(InstanceContext.Functions), Any)!;
    public static readonly FieldInfo Budget = typeof(InstanceContext).GetField(nameof(InstanceContext.Budget), Any)!;
    public static readonly FieldInfo MaxCallDepth = typeof(InstanceContext).GetField(nameof(InstanceContext.MaxCallDepth), Any)!;
    public static readonly FieldInfo MemoryBuffer = typeof(WasmMemory).GetField("Buffer", Any)!;
    public static readonly FieldInfo MemoryLength = typeof(WasmMemory).GetField("Length", Any)!;
    public static readonly FieldInfo FunctionContext = typeof(WasmFunction).GetField("Context", Any)!;
    public static readonly FieldInfo FunctionCode = typeof(WasmFunction).GetField("Code", Any)!;
    public static readonly FieldInfo GlobalI32 = typeof(WasmGlobal).GetField("I32", Any)!;
    public static readonly FieldInfo GlobalI64 = typeof(WasmGlobal).GetField("I64", Any)!;
    public static readonly FieldInfo GlobalF32 = typeof(WasmGlobal).GetField("F32", Any)!;
    public static readonly FieldInfo GlobalF64 = typeof(WasmGlobal).GetField("F64", Any)!;
    public static readonly FieldInfo GlobalRef = typeof(WasmGlobal).GetField("Ref", Any)!;
}
