using System.Diagnostics.CodeAnalysis;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>Throw helpers for compiled code, kept out of line so the hot paths stay small.</summary>
internal static class Traps
{
    [DoesNotReturn] public static void Throw(TrapKind kind) => throw new WasmTrapException(kind);
    [DoesNotReturn] public static void IntegerDivideByZero() => throw new WasmTrapException(TrapKind.IntegerDivideByZero);
    [DoesNotReturn] public static void IntegerOverflow() => throw new WasmTrapException(TrapKind.IntegerOverflow);
    [DoesNotReturn] public static void InvalidConversionToInteger() => throw new WasmTrapException(TrapKind.InvalidConversionToInteger);
    [DoesNotReturn] public static void MemoryOutOfBounds() => throw new WasmTrapException(TrapKind.OutOfBoundsMemoryAccess);
    [DoesNotReturn] public static void TableOutOfBounds() => throw new WasmTrapException(TrapKind.OutOfBoundsTableAccess);
    [DoesNotReturn] public static void UndefinedElement() => throw new WasmTrapException(TrapKind.OutOfBoundsTableAccess, "undefined element");
    [DoesNotReturn] public static void UninitializedElement() => throw new WasmTrapException(TrapKind.UninitializedElement);
    [DoesNotReturn] public static void CallStackExhausted() => throw new WasmTrapException(TrapKind.CallStackExhausted);

    /// <summary>For the unreachable instruction: generated code throws the result so the IL ends the block.</summary>
    public static Exception Unreachable() => new WasmTrapException(TrapKind.Unreachable);
}
