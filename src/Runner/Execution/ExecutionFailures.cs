using Selegic.Extensions.Runner.Sandbox.Wasi;
using Wasmtime;

namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Turns the ways an execution fails into <see cref="RunnerCodes"/> codes, for both guest ABIs:
/// core modules (wasm@1) fail with a <see cref="TrapException"/> of a known type; components
/// (wasm-js@1) with a <see cref="WasmtimeException"/> that carries the same trap as text.
/// </summary>
internal static class ExecutionFailures
{
    public static (string Code, string Message) Classify(Exception e, EffectiveLimits limits, CancellationToken cancellationToken)
    {
        // A host function's exception comes back as the inner exception of Wasmtime's.
        var cause = e;
        while (cause is WasmtimeException { InnerException: { } inner }) cause = inner;
        return cause switch
        {
            RunnerException r => (r.Code, r.Message),
            OperationCanceledException when cancellationToken.IsCancellationRequested => throw new OperationCanceledException(cancellationToken),
            WasiExitException x => (RunnerCodes.HandlerTrap, $"The handler called proc_exit({x.ExitCode}) instead of returning a response."),
            WasiOutputLimitException o => (RunnerCodes.HandlerTrap, $"The handler wrote too much: {o.Message}."),
            TrapException { Type: TrapCode.OutOfFuel } => OutOfFuel(limits),
            TrapException { Type: TrapCode.Interrupt } => Timeout(limits),
            TrapException { Type: TrapCode.StackOverflow } => StackOverflow,
            TrapException t => Trap(t.Message),
            WasmtimeException w when Cause(w.Message) is var text && text.StartsWith("wasm trap:", StringComparison.Ordinal) => text switch
            {
                _ when text.Contains("all fuel consumed", StringComparison.Ordinal) => OutOfFuel(limits),
                _ when text.Contains("interrupt", StringComparison.Ordinal) => Timeout(limits),
                _ when text.Contains("call stack exhausted", StringComparison.Ordinal) => StackOverflow,
                _ => Trap(text),
            },
            _ => (RunnerCodes.RunnerInternalError, $"The Runner failed: {cause.GetType().Name}: {Cause(cause.Message)}"),
        };
    }

    /// <summary>The response of a finished execution with its logs and statistics.</summary>
    public static ExecuteResponse Completed(ExecuteResponse response, Abi.GuestLogBuffer logs, bool compiledNow, long fuelConsumed, int actionCalls, System.Diagnostics.Stopwatch clock) =>
        response with
        {
            Logs = logs.ToList(),
            Statistics = new ExecutionStatistics
            {
                CompiledModule = compiledNow,
                FuelConsumed = fuelConsumed,
                ActionCalls = actionCalls,
                ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds,
            },
        };

    /// <summary>Wasmtime's messages start with a backtrace and end with the cause ("wasm trap: ..."): keep the cause.</summary>
    public static string Cause(string message) =>
        message.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0)?.TrimEnd('.', ':') ?? "";

    private static (string, string) OutOfFuel(EffectiveLimits limits) =>
        (RunnerCodes.HandlerOutOfFuel, $"The handler used up its fuel ({limits.Fuel} instructions).");

    private static (string, string) Timeout(EffectiveLimits limits) =>
        (RunnerCodes.HandlerTimeout, $"The handler ran past its timeout ({limits.Timeout.TotalMilliseconds} ms).");

    private static (string, string) StackOverflow => (RunnerCodes.HandlerStackOverflow, "The handler recursed past the wasm stack limit.");

    private static (string, string) Trap(string message) => (RunnerCodes.HandlerTrap, $"The handler trapped: {Cause(message)}.");
}
