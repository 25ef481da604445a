namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// Engine limits on one function's .NET stack frame. Wasm locals and operands live in the frame,
/// so these keep every frame far below the 128 KiB the per-call stack probe guarantees; no
/// valid module could otherwise be shaped to overflow the host stack in a single call.
/// The largest function in the spec test suite has 1,056 locals.
/// </summary>
internal static class FrameLimits
{
    public const int MaxLocals = 8192;
    public const int MaxOperandStack = 2048;
    public const int MaxTemporaries = 2048;

    public static WasmInvalidException Exceeded(int functionIndex, string what, int limit) =>
        new($"function {functionIndex} exceeds the engine limit of {limit} {what}");
}
