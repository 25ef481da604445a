using System.Diagnostics;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Sandbox.Wasi;
using Wasmtime;

namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// One request through one fresh Wasmtime store and instance: instantiate under the limits, hand
/// over the request envelope, read the response envelope, and turn every way this can fail into a
/// <see cref="RunnerCodes"/> code. The store (memory, tables, globals, fuel) is dropped at the end:
/// nothing survives between requests. Synchronous: wasm runs on the calling thread.
/// </summary>
internal sealed class HandlerExecution(ExecuteRequest request, byte[] envelope, EffectiveLimits limits, IActionInvoker invoker, CancellationToken cancellationToken)
{
    private const long WasiOutputCap = 16 * 1024;
    private static readonly WasiSettings Wasi = new() { Arguments = ["handler"], MaxStdoutBytes = WasiOutputCap, MaxStderrBytes = WasiOutputCap };

    private Memory? _memory;

    public ExecuteResponse Run(HandlerModule handler, Linker host, bool compiledNow)
    {
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + limits.Timeout;
        var wasi = handler.ImportsWasi
            ? new WasiRun(Wasi)
            : null;
        var guest = new GuestHost(request, limits, invoker, deadline, wasi, cancellationToken);
        ExecuteResponse response;
        long fuelConsumed;
        using (var store = handler.Engine.CreateStore(limits.Timeout, (ulong)limits.Fuel, limits.MemoryBytes, data: guest))
        {
            try
            {
                response = Invoke(store, host, handler);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var (code, message) = Classify(e);
                response = ExecuteResponse.Failure(code, message);
            }
            fuelConsumed = limits.Fuel - (long)store.Fuel;
        }
        if (wasi is not null)
        {
            guest.Logs.AddOutput(GuestLogLevel.Info, wasi.CapturedStdout);
            guest.Logs.AddOutput(GuestLogLevel.Error, wasi.CapturedStderr);
        }
        return response with
        {
            Logs = guest.Logs.ToList(),
            Statistics = new ExecutionStatistics
            {
                CompiledModule = compiledNow,
                FuelConsumed = fuelConsumed,
                ActionCalls = guest.ActionCalls,
                ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds,
            },
        };
    }

    private ExecuteResponse Invoke(Store store, Linker host, HandlerModule handler)
    {
        if (handler.InitialMemoryPages > limits.MemoryPages)
            throw new RunnerException(RunnerCodes.HandlerMemoryLimit,
                $"The module needs {handler.InitialMemoryPages} pages of memory at start; the limit is {limits.MemoryPages} pages ({limits.MemoryBytes} bytes).");

        Instance instance;
        try
        {
            instance = host.Instantiate(store, handler.Module);
        }
        catch (WasmtimeException w) when (w is not TrapException && w.InnerException is null)
        {
            throw new RunnerException(RunnerCodes.ModuleLinkFailed, $"The handler module cannot be instantiated: {Cause(w.Message)}", w);
        }
        _memory = instance.GetMemory(GuestAbi.MemoryExport);
        instance.GetAction(GuestAbi.InitializeExport)?.Invoke();

        var alloc = instance.GetFunction<int, int>(GuestAbi.AllocExport)!;
        var handle = instance.GetFunction<int, int, long>(GuestAbi.HandleExport)!;
        var requestPointer = alloc(envelope.Length);
        if (requestPointer == 0)
            throw GuestMemoryAccess.AbiError($"scrm_alloc({envelope.Length}) returned 0 for the request");
        GuestMemoryAccess.Write(_memory, requestPointer, envelope, "scrm_alloc result for the request");

        var (pointer, length) = GuestMemoryAccess.Unpack(handle(requestPointer, envelope.Length));
        if ((uint)length > (long)limits.MaxResponseBytes * 6 + 64 * 1024)
            throw new RunnerException(RunnerCodes.ResponseTooLarge, $"scrm_handle returned a {(uint)length}-byte envelope, over the response limit");
        var (status, headers, body) = ResponseEnvelope.Read(GuestMemoryAccess.Read(_memory, pointer, length, "scrm_handle result"), limits.MaxResponseBytes);
        return new ExecuteResponse { Status = status, Headers = headers, Body = body };
    }

    private (string Code, string Message) Classify(Exception e)
    {
        // A host function's exception comes back as the inner exception of Wasmtime's.
        var cause = e;
        while (cause is WasmtimeException { InnerException: { } inner }) cause = inner;
        var (code, message) = cause switch
        {
            RunnerException r => (r.Code, r.Message),
            OperationCanceledException when cancellationToken.IsCancellationRequested => throw new OperationCanceledException(cancellationToken),
            WasiExitException x => (RunnerCodes.HandlerTrap, $"The handler called proc_exit({x.ExitCode}) instead of returning a response."),
            WasiOutputLimitException o => (RunnerCodes.HandlerTrap, $"The handler wrote too much: {o.Message}."),
            TrapException { Type: TrapCode.OutOfFuel } => (RunnerCodes.HandlerOutOfFuel, $"The handler used up its fuel ({limits.Fuel} instructions)."),
            TrapException { Type: TrapCode.Interrupt } => (RunnerCodes.HandlerTimeout, $"The handler ran past its timeout ({limits.Timeout.TotalMilliseconds} ms)."),
            TrapException { Type: TrapCode.StackOverflow } => (RunnerCodes.HandlerStackOverflow, "The handler recursed past the wasm stack limit."),
            TrapException t => (RunnerCodes.HandlerTrap, $"The handler trapped: {Cause(t.Message)}."),
            _ => (RunnerCodes.RunnerInternalError, $"The Runner failed: {cause.GetType().Name}: {Cause(cause.Message)}"),
        };
        // A memory bomb ends however the guest reacts to a refused memory.grow (abort, trap, bad
        // pointer), and Wasmtime refuses silently: a failure with memory past half the limit is
        // taken to be one (allocators grow by doubling or by the request, so a bomb gets there).
        if (code is RunnerCodes.HandlerTrap or RunnerCodes.HandlerAbiError && MemoryNearLimit())
            return (RunnerCodes.HandlerMemoryLimit, $"The handler reached its memory limit ({limits.MemoryBytes} bytes) and then failed: {message}");
        return (code, message);
    }

    private bool MemoryNearLimit() => _memory is { } memory && memory.GetLength() * 2 > limits.MemoryBytes;

    /// <summary>Wasmtime's messages start with a backtrace and end with the cause ("wasm trap: ..."): keep the cause.</summary>
    private static string Cause(string message) =>
        message.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0)?.TrimEnd('.', ':') ?? "";
}
