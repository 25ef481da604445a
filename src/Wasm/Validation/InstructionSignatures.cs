using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Validation;

/// <summary>Operand and result types of a numeric instruction; <see cref="Second"/> is 0 for unary ones.</summary>
internal readonly record struct NumericSignature(ValueType First, ValueType Second, ValueType Result);

/// <summary>Type signatures of the numeric instructions (0x45..0xC4 and the saturating truncations).</summary>
internal static class NumericSignatures
{
    private static readonly NumericSignature[] ByOpcode = Build();

    public static NumericSignature Of(byte opcode) => ByOpcode[opcode];

    public static NumericSignature OfSaturatingTruncation(uint subOpcode)
    {
        var source = (subOpcode & 2) == 0 ? ValueType.F32 : ValueType.F64;
        var result = subOpcode < 4 ? ValueType.I32 : ValueType.I64;
        return new(source, 0, result);
    }

    private static NumericSignature[] Build()
    {
        var table = new NumericSignature[256];
        const ValueType i32 = ValueType.I32, i64 = ValueType.I64, f32 = ValueType.F32, f64 = ValueType.F64;

        void Range(byte first, byte last, ValueType a, ValueType b, ValueType result)
        {
            for (var op = first; op <= last; op++) table[op] = new(a, b, result);
        }

        Range(Opcodes.I32Eqz, Opcodes.I32Eqz, i32, 0, i32);
        Range(Opcodes.I32Eq, Opcodes.I32GeU, i32, i32, i32);
        Range(Opcodes.I64Eqz, Opcodes.I64Eqz, i64, 0, i32);
        Range(Opcodes.I64Eq, Opcodes.I64GeU, i64, i64, i32);
        Range(Opcodes.F32Eq, Opcodes.F32Ge, f32, f32, i32);
        Range(Opcodes.F64Eq, Opcodes.F64Ge, f64, f64, i32);
        Range(Opcodes.I32Clz, Opcodes.I32Popcnt, i32, 0, i32);
        Range(Opcodes.I32Add, Opcodes.I32Rotr, i32, i32, i32);
        Range(Opcodes.I64Clz, Opcodes.I64Popcnt, i64, 0, i64);
        Range(Opcodes.I64Add, Opcodes.I64Rotr, i64, i64, i64);
        Range(Opcodes.F32Abs, Opcodes.F32Sqrt, f32, 0, f32);
        Range(Opcodes.F32Add, Opcodes.F32Copysign, f32, f32, f32);
        Range(Opcodes.F64Abs, Opcodes.F64Sqrt, f64, 0, f64);
        Range(Opcodes.F64Add, Opcodes.F64Copysign, f64, f64, f64);

        Range(Opcodes.I32WrapI64, Opcodes.I32WrapI64, i64, 0, i32);
        Range(Opcodes.I32TruncF32S, Opcodes.I32TruncF32U, f32, 0, i32);
        Range(Opcodes.I32TruncF64S, Opcodes.I32TruncF64U, f64, 0, i32);
        Range(Opcodes.I64ExtendI32S, Opcodes.I64ExtendI32U, i32, 0, i64);
        Range(Opcodes.I64TruncF32S, Opcodes.I64TruncF32U, f32, 0, i64);
        Range(Opcodes.I64TruncF64S, Opcodes.I64TruncF64U, f64, 0, i64);
        Range(Opcodes.F32ConvertI32S, Opcodes.F32ConvertI32U, i32, 0, f32);
        Range(Opcodes.F32ConvertI64S, Opcodes.F32ConvertI64U, i64, 0, f32);
        Range(Opcodes.F32DemoteF64, Opcodes.F32DemoteF64, f64, 0, f32);
        Range(Opcodes.F64ConvertI32S, Opcodes.F64ConvertI32U, i32, 0, f64);
        Range(Opcodes.F64ConvertI64S, Opcodes.F64ConvertI64U, i64, 0, f64);
        Range(Opcodes.F64PromoteF32, Opcodes.F64PromoteF32, f32, 0, f64);
        Range(Opcodes.I32ReinterpretF32, Opcodes.I32ReinterpretF32, f32, 0, i32);
        Range(Opcodes.I64ReinterpretF64, Opcodes.I64ReinterpretF64, f64, 0, i64);
        Range(Opcodes.F32ReinterpretI32, Opcodes.F32ReinterpretI32, i32, 0, f32);
        Range(Opcodes.F64ReinterpretI64, Opcodes.F64ReinterpretI64, i64, 0, f64);
        Range(Opcodes.I32Extend8S, Opcodes.I32Extend16S, i32, 0, i32);
        Range(Opcodes.I64Extend8S, Opcodes.I64Extend32S, i64, 0, i64);
        return table;
    }
}

/// <summary>Value type, natural alignment (log2 of the access width) and direction of each load and store.</summary>
internal static class MemoryAccesses
{
    public static (ValueType Type, uint NaturalAlignment, bool IsStore) Of(byte opcode) => opcode switch
    {
        Opcodes.I32Load => (ValueType.I32, 2, false),
        Opcodes.I64Load => (ValueType.I64, 3, false),
        Opcodes.F32Load => (ValueType.F32, 2, false),
        Opcodes.F64Load => (ValueType.F64, 3, false),
        Opcodes.I32Load8S or Opcodes.I32Load8U => (ValueType.I32, 0, false),
        Opcodes.I32Load16S or Opcodes.I32Load16U => (ValueType.I32, 1, false),
        Opcodes.I64Load8S or Opcodes.I64Load8U => (ValueType.I64, 0, false),
        Opcodes.I64Load16S or Opcodes.I64Load16U => (ValueType.I64, 1, false),
        Opcodes.I64Load32S or Opcodes.I64Load32U => (ValueType.I64, 2, false),
        Opcodes.I32Store => (ValueType.I32, 2, true),
        Opcodes.I64Store => (ValueType.I64, 3, true),
        Opcodes.F32Store => (ValueType.F32, 2, true),
        Opcodes.F64Store => (ValueType.F64, 3, true),
        Opcodes.I32Store8 => (ValueType.I32, 0, true),
        Opcodes.I32Store16 => (ValueType.I32, 1, true),
        Opcodes.I64Store8 => (ValueType.I64, 0, true),
        Opcodes.I64Store16 => (ValueType.I64, 1, true),
        Opcodes.I64Store32 => (ValueType.I64, 2, true),
        _ => throw new ArgumentOutOfRangeException(nameof(opcode)),
    };
}

/// <summary>Shared one-element result arrays for block types like (result i32).</summary>
internal static class SingleTypes
{
    private static readonly ValueType[] I32 = [ValueType.I32];
    private static readonly ValueType[] I64 = [ValueType.I64];
    private static readonly ValueType[] F32 = [ValueType.F32];
    private static readonly ValueType[] F64 = [ValueType.F64];
    private static readonly ValueType[] FuncRef = [ValueType.FuncRef];
    private static readonly ValueType[] ExternRef = [ValueType.ExternRef];

    public static ValueType[] Of(ValueType type) => type switch
    {
        ValueType.I32 => I32,
        ValueType.I64 => I64,
        ValueType.F32 => F32,
        ValueType.F64 => F64,
        ValueType.FuncRef => FuncRef,
        ValueType.ExternRef => ExternRef,
        _ => [type],
    };
}
