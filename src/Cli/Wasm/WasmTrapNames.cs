using Wasmtime;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>
/// The trap kinds `scrm wasm run` prints ("error: wasm trap (KIND): ..."), named as before the
/// move to Wasmtime so scripts that read them keep working.
/// </summary>
public static class WasmTrapNames
{
    public static string Of(TrapCode? code) => code switch
    {
        TrapCode.Unreachable => "Unreachable",
        TrapCode.IntegerDivisionByZero => "IntegerDivideByZero",
        TrapCode.IntegerOverflow => "IntegerOverflow",
        TrapCode.BadConversionToInteger => "InvalidConversionToInteger",
        TrapCode.MemoryOutOfBounds or TrapCode.HeapMisaligned => "OutOfBoundsMemoryAccess",
        TrapCode.TableOutOfBounds => "OutOfBoundsTableAccess",
        TrapCode.IndirectCallToNull => "UninitializedElement",
        TrapCode.BadSignature => "IndirectCallTypeMismatch",
        TrapCode.StackOverflow => "CallStackExhausted",
        TrapCode.OutOfFuel => "OutOfFuel",
        TrapCode.Interrupt => "DeadlineExceeded",
        null => "HostError",
        { } other => other.ToString(),
    };
}
