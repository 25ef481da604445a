using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A global variable. Compiled code reads and writes the typed field that matches
/// <see cref="Type"/> directly; instances that import a global share this object, so a
/// mutable imported global has one storage.
/// </summary>
public sealed class WasmGlobal : WasmExtern
{
    internal int I32;
    internal long I64;
    internal float F32;
    internal double F64;
    internal object? Ref;

    public WasmGlobal(GlobalType type, WasmValue initial)
    {
        Type = type;
        Store(initial);
    }

    public GlobalType Type { get; }

    /// <summary>The current value. Setting an immutable global from the host is refused.</summary>
    public WasmValue Value
    {
        get => Type.ValueType switch
        {
            ValueType.I32 => WasmValue.I32(I32),
            ValueType.I64 => WasmValue.I64(I64),
            ValueType.F32 => WasmValue.F32(F32),
            ValueType.F64 => WasmValue.F64(F64),
            ValueType.FuncRef => WasmValue.FuncRef((WasmFunction?)Ref),
            _ => WasmValue.ExternRef(Ref),
        };
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("the global is immutable");
            Store(value);
        }
    }

    private void Store(WasmValue value)
    {
        if (value.Type != Type.ValueType)
            throw new ArgumentException($"a {Type.ValueType.Name()} global cannot hold a {value.Type.Name()} value");
        switch (value.Type)
        {
            case ValueType.I32: I32 = value.AsI32(); break;
            case ValueType.I64: I64 = value.AsI64(); break;
            case ValueType.F32: F32 = value.AsF32(); break;
            case ValueType.F64: F64 = value.AsF64(); break;
            case ValueType.FuncRef when value.AsRef() is not (null or WasmFunction):
                throw new ArgumentException("a funcref global can only hold a WasmFunction or null");
            default: Ref = value.AsRef(); break;
        }
    }
}
