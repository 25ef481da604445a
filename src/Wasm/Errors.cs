namespace Selegic.Extensions.Wasm;

/// <summary>Base of every error the engine reports.</summary>
public abstract class WasmException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The bytes are not a well-formed WebAssembly binary (the spec's "malformed").</summary>
public sealed class WasmMalformedException(string message, long offset = -1)
    : WasmException(offset >= 0 ? $"{message} (at byte 0x{offset:x})" : message)
{
    public long Offset { get; } = offset;
}

/// <summary>The module decodes but fails validation (the spec's "invalid").</summary>
public sealed class WasmInvalidException(string message) : WasmException(message);

/// <summary>Instantiation failed because an import is missing or has the wrong type (the spec's "unlinkable").</summary>
public sealed class WasmLinkException(string message) : WasmException(message);

/// <summary>Execution trapped. <see cref="Kind"/> says why.</summary>
public sealed class WasmTrapException(TrapKind kind, string? message = null, Exception? inner = null)
    : WasmException(message ?? TrapKinds.Describe(kind), inner)
{
    public TrapKind Kind { get; } = kind;
}

/// <summary>The spec's trap kinds plus the engine's resource limits, each its own kind.</summary>
public enum TrapKind
{
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    OutOfBoundsMemoryAccess,
    OutOfBoundsTableAccess,
    UninitializedElement,
    IndirectCallTypeMismatch,
    /// <summary>The call-depth cap was reached (the spec's "call stack exhausted").</summary>
    CallStackExhausted,
    /// <summary>The instruction budget (fuel) ran out.</summary>
    OutOfFuel,
    /// <summary>The wall-clock deadline passed.</summary>
    DeadlineExceeded,
    /// <summary>A host function failed; the inner exception says how.</summary>
    HostError,
    /// <summary>A WASI program called proc_exit; see <see cref="WasmExitException"/>.</summary>
    Exit,
}

/// <summary>A WASI program ended itself with proc_exit(code).</summary>
public sealed class WasmExitException(int exitCode) : WasmException($"exit code {exitCode}")
{
    public int ExitCode { get; } = exitCode;
}

public static class TrapKinds
{
    /// <summary>The spec test suite's wording for each trap, so conformance output reads like the spec.</summary>
    public static string Describe(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.OutOfBoundsMemoryAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsTableAccess => "out of bounds table access",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.OutOfFuel => "all fuel consumed",
        TrapKind.DeadlineExceeded => "deadline exceeded",
        TrapKind.HostError => "host function failed",
        TrapKind.Exit => "exit",
        _ => kind.ToString(),
    };
}
