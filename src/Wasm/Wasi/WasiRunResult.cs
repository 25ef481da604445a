namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>
/// How a WASI command ended. <see cref="Failure"/> is null when it exited (by returning from
/// _start, exit code 0, or by proc_exit); otherwise it is the trap, limit or output-cap error
/// that stopped it and <see cref="ExitCode"/> is <see cref="FailureExitCode"/>.
/// Captured output is empty for a stream that was forwarded to a sink.
/// </summary>
public sealed record WasiRunResult(int ExitCode, byte[] Stdout, byte[] Stderr, WasmException? Failure)
{
    /// <summary>Exit code reported for a run that trapped or hit a limit (128 + SIGABRT, like an aborted process).</summary>
    public const int FailureExitCode = 134;
}
