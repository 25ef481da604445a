using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A typed WebAssembly value as the host sees it. Numbers are kept as raw bits so float NaN
/// payloads survive exactly; references are a <see cref="WasmFunction"/> (funcref), any host
/// object (externref) or null.
/// </summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private readonly ulong _bits;
    private readonly object? _ref;

    private WasmValue(ValueType type, ulong bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _ref = reference;
    }

    public ValueType Type { get; }

    public static WasmValue I32(int v) => new(ValueType.I32, (uint)v, null);
    public static WasmValue I64(long v) => new(ValueType.I64, (ulong)v, null);
    public static WasmValue F32(float v) => new(ValueType.F32, BitConverter.SingleToUInt32Bits(v), null);
    public static WasmValue F64(double v) => new(ValueType.F64, BitConverter.DoubleToUInt64Bits(v), null);
    public static WasmValue F32Bits(uint bits) => new(ValueType.F32, bits, null);
    public static WasmValue F64Bits(ulong bits) => new(ValueType.F64, bits, null);

    public static WasmValue NullRef(ValueType refType) =>
        refType.IsReference() ? new(refType, 0, null) : throw new ArgumentException($"{refType.Name()} is not a reference type", nameof(refType));

    public static WasmValue ExternRef(object? o) => new(ValueType.ExternRef, 0, o);
    public static WasmValue FuncRef(WasmFunction? f) => new(ValueType.FuncRef, 0, f);

    /// <summary>The zero value of a type (what locals, globals and table slots start as).</summary>
    public static WasmValue Default(ValueType type) => new(type, 0, null);

    public int AsI32() => (int)_bits;
    public long AsI64() => (long)_bits;
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)_bits);
    public double AsF64() => BitConverter.UInt64BitsToDouble(_bits);
    /// <summary>The exact bit pattern of an f32 (a property named F32Bits would clash with the factory).</summary>
    public uint AsF32Bits() => (uint)_bits;
    public ulong AsF64Bits() => _bits;
    public object? AsRef() => _ref;
    public bool IsNull => Type.IsReference() && _ref is null;

    /// <summary>Raw bits of a numeric value (i32 zero-extended).</summary>
    internal ulong Bits => _bits;

    public bool Equals(WasmValue other) => Type == other.Type && _bits == other._bits && Equals(_ref, other._ref);
    public override bool Equals(object? obj) => obj is WasmValue v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Type, _bits, _ref);
    public static bool operator ==(WasmValue a, WasmValue b) => a.Equals(b);
    public static bool operator !=(WasmValue a, WasmValue b) => !a.Equals(b);

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{AsI32()}",
        ValueType.I64 => $"i64:{AsI64()}",
        ValueType.F32 => $"f32:{AsF32()} (0x{AsF32Bits():x8})",
        ValueType.F64 => $"f64:{AsF64()} (0x{AsF64Bits():x16})",
        _ => $"{Type.Name()}:{(_ref is null ? "null" : _ref.ToString())}",
    };
}
