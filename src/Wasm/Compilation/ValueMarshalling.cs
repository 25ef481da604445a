using System.Reflection;
using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>IL that converts between <see cref="WasmValue"/> and the raw CLR values compiled code uses.</summary>
internal static class ValueMarshalling
{
    private static readonly MethodInfo AsI32 = typeof(WasmValue).GetMethod(nameof(WasmValue.AsI32))!;
    private static readonly MethodInfo AsI64 = typeof(WasmValue).GetMethod(nameof(WasmValue.AsI64))!;
    private static readonly MethodInfo AsF32 = typeof(WasmValue).GetMethod(nameof(WasmValue.AsF32))!;
    private static readonly MethodInfo AsF64 = typeof(WasmValue).GetMethod(nameof(WasmValue.AsF64))!;
    private static readonly MethodInfo AsRef = typeof(WasmValue).GetMethod(nameof(WasmValue.AsRef))!;
    private static readonly MethodInfo FromI32 = typeof(WasmValue).GetMethod(nameof(WasmValue.I32))!;
    private static readonly MethodInfo FromI64 = typeof(WasmValue).GetMethod(nameof(WasmValue.I64))!;
    private static readonly MethodInfo FromF32 = typeof(WasmValue).GetMethod(nameof(WasmValue.F32))!;
    private static readonly MethodInfo FromF64 = typeof(WasmValue).GetMethod(nameof(WasmValue.F64))!;
    private static readonly MethodInfo FromExtern = typeof(WasmValue).GetMethod(nameof(WasmValue.ExternRef))!;
    private static readonly MethodInfo FromFunc = typeof(ValueMarshalling).GetMethod(nameof(FuncRefFromObject), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static WasmValue FuncRefFromObject(object? o) => WasmValue.FuncRef((WasmFunction?)o);

    /// <summary>Stack: address of a WasmValue -> the raw value.</summary>
    public static void EmitUnpack(ILGenerator il, ValueType type) => il.Emit(OpCodes.Call, type switch
    {
        ValueType.I32 => AsI32,
        ValueType.I64 => AsI64,
        ValueType.F32 => AsF32,
        ValueType.F64 => AsF64,
        _ => AsRef,
    });

    /// <summary>Stack: raw value -> WasmValue.</summary>
    public static void EmitPack(ILGenerator il, ValueType type) => il.Emit(OpCodes.Call, type switch
    {
        ValueType.I32 => FromI32,
        ValueType.I64 => FromI64,
        ValueType.F32 => FromF32,
        ValueType.F64 => FromF64,
        ValueType.FuncRef => FromFunc,
        _ => FromExtern,
    });
}
