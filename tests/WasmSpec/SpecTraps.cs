using Wasmtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The suite's trap messages (the reference interpreter's words) as Wasmtime trap codes.</summary>
public static class SpecTraps
{
    public static bool Matches(string expected, TrapCode? actual) => actual is { } code && Expected(expected) == code;

    private static TrapCode? Expected(string text) => text switch
    {
        "unreachable" => TrapCode.Unreachable,
        "integer divide by zero" => TrapCode.IntegerDivisionByZero,
        "integer overflow" => TrapCode.IntegerOverflow,
        "invalid conversion to integer" => TrapCode.BadConversionToInteger,
        "out of bounds memory access" => TrapCode.MemoryOutOfBounds,
        "out of bounds table access" or "undefined element" => TrapCode.TableOutOfBounds,
        "indirect call type mismatch" => TrapCode.BadSignature,
        "call stack exhausted" => TrapCode.StackOverflow,
        _ when text.StartsWith("uninitialized element", StringComparison.Ordinal) => TrapCode.IndirectCallToNull,
        _ => null,
    };
}
