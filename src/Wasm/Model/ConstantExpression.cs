namespace Selegic.Extensions.Wasm.Model;

public enum ConstantKind : byte
{
    I32,
    I64,
    F32,
    F64,
    GlobalGet,
    RefNull,
    RefFunc,
    /// <summary>The expression uses an instruction that is not allowed in constant expressions
    /// (the validator rejects it with "constant expression required").</summary>
    NotConstant,
    /// <summary>The expression has only constant instructions but not exactly one of them;
    /// <see cref="ConstantExpression.Bits"/> is how many (the validator rejects it with "type mismatch").</summary>
    NotSingleValue,
}

/// <summary>
/// A decoded constant expression (global initialisers, segment offsets, element items).
/// Numeric values are kept as raw bits: <see cref="Bits"/> holds the i32/i64 value or the
/// f32/f64 bit pattern; for global.get and ref.func it is the index; for ref.null,
/// <see cref="RefType"/> says which null.
/// </summary>
public readonly record struct ConstantExpression(ConstantKind Kind, ulong Bits, ValueType RefType = ValueType.FuncRef)
{
    public uint Index => (uint)Bits;

    public ValueType ResultType => Kind switch
    {
        ConstantKind.I32 => ValueType.I32,
        ConstantKind.I64 => ValueType.I64,
        ConstantKind.F32 => ValueType.F32,
        ConstantKind.F64 => ValueType.F64,
        ConstantKind.RefNull => RefType,
        ConstantKind.RefFunc => ValueType.FuncRef,
        ConstantKind.GlobalGet => throw new InvalidOperationException("global.get has the type of the referenced global"),
        _ => throw new InvalidOperationException($"{Kind} is not a valid constant expression"),
    };
}
