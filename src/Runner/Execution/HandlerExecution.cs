using System.Diagnostics;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.Wasm.Wasi;

namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// One request through one fresh instance: link the host API and WASI, instantiate under the
/// limits, hand over the request envelope, read the response envelope, and turn every way this
/// can fail into a <see cref="RunnerCodes"/> code. Synchronous: run it on its own thread.
/// </summary>
internal sealed class HandlerExecution(ExecuteRequest request, byte[] envelope, EffectiveLimits limits, IActionInvoker invoker, CancellationToken cancellationToken)
{
    private const long WasiOutputCap = 16 * 1024;

    /// <summary>
    /// The host API with WASI, shared by every execution: the functions hold no state and find the
    /// execution's <see cref="GuestHost"/> (and through it its WASI context) as the instance's host state.
    /// </summary>
    private static readonly Linker Host = GuestHost.Define(WasiContext.DefineImports(new Linker(), GuestHost.WasiOf));

    private WasmInstance? _instance;

    public ExecuteResponse Run(HandlerModule handler, bool compiledNow)
    {
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + limits.Timeout;
        var wasi = handler.ImportsWasi
            ? new WasiContext(new WasiConfiguration { Arguments = ["handler"], MaxStdoutBytes = WasiOutputCap, MaxStderrBytes = WasiOutputCap })
            : null;
        var host = new GuestHost(request, limits, invoker, deadline, wasi, cancellationToken);
        ExecuteResponse response;
        try
        {
            response = Invoke(handler, host, deadline);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (code, message) = Classify(e);
            response = ExecuteResponse.Failure(code, message);
        }
        _instance?.Dispose(); // its memory goes back to the pool; everything the response needs was copied out
        if (wasi is not null)
        {
            host.Logs.AddOutput(GuestLogLevel.Info, wasi.CapturedStdout);
            host.Logs.AddOutput(GuestLogLevel.Error, wasi.CapturedStderr);
        }
        return response with
        {
            Logs = host.Logs.ToList(),
            Statistics = new ExecutionStatistics
            {
                CompiledModule = compiledNow,
                FuelConsumed = _instance?.FuelConsumed ?? 0,
                ActionCalls = host.ActionCalls,
                ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds,
            },
        };
    }

    private ExecuteResponse Invoke(HandlerModule handler, GuestHost host, DateTime deadline)
    {
        var memory = handler.Module.Definition.Memories.FirstOrDefault();
        if (memory is not null && memory.Limits.Min > limits.MemoryPages)
            throw new RunnerException(RunnerCodes.HandlerMemoryLimit,
                $"The module needs {memory.Limits.Min} pages of memory at start; the limit is {limits.MemoryPages} pages ({limits.MemoryBytes} bytes).");

        _instance = Host.Instantiate(handler.Module, new InstanceLimits
        {
            Fuel = limits.Fuel,
            Deadline = deadline,
            MaxMemoryPages = limits.MemoryPages,
        }, hostState: host);
        if (_instance.Exports.TryGetValue(GuestAbi.InitializeExport, out var initialize) && initialize is WasmFunction { Type.Parameters.Length: 0 } init)
            init.Invoke();

        var memoryExport = _instance.GetMemory(GuestAbi.MemoryExport);
        var requestPointer = _instance.GetFunction(GuestAbi.AllocExport).Invoke(WasmValue.I32(envelope.Length))[0].AsI32();
        if (requestPointer == 0)
            throw GuestMemoryAccess.AbiError($"scrm_alloc({envelope.Length}) returned 0 for the request");
        GuestMemoryAccess.Write(memoryExport, requestPointer, envelope, "scrm_alloc result for the request");

        var packed = _instance.GetFunction(GuestAbi.HandleExport).Invoke(WasmValue.I32(requestPointer), WasmValue.I32(envelope.Length))[0].AsI64();
        var (pointer, length) = GuestMemoryAccess.Unpack(packed);
        if ((uint)length > (long)limits.MaxResponseBytes * 6 + 64 * 1024)
            throw new RunnerException(RunnerCodes.ResponseTooLarge, $"scrm_handle returned a {(uint)length}-byte envelope, over the response limit");
        var (status, headers, body) = ResponseEnvelope.Read(GuestMemoryAccess.Read(memoryExport, pointer, length, "scrm_handle result"), limits.MaxResponseBytes);
        return new ExecuteResponse { Status = status, Headers = headers, Body = body };
    }

    private (string Code, string Message) Classify(Exception e)
    {
        var (code, message) = e switch
        {
            RunnerException r => (r.Code, r.Message),
            WasmTrapException { Kind: TrapKind.HostError, InnerException: RunnerException r } => (r.Code, r.Message),
            WasmTrapException { Kind: TrapKind.HostError, InnerException: OperationCanceledException } when cancellationToken.IsCancellationRequested
                => throw new OperationCanceledException(cancellationToken),
            WasmTrapException { Kind: TrapKind.OutOfFuel } => (RunnerCodes.HandlerOutOfFuel, $"The handler used up its fuel ({limits.Fuel} instructions)."),
            WasmTrapException { Kind: TrapKind.DeadlineExceeded } => (RunnerCodes.HandlerTimeout, $"The handler ran past its timeout ({limits.Timeout.TotalMilliseconds} ms)."),
            WasmTrapException { Kind: TrapKind.CallStackExhausted } => (RunnerCodes.HandlerStackOverflow, "The handler recursed past the call-depth limit."),
            WasmTrapException t => (RunnerCodes.HandlerTrap, $"The handler trapped: {t.Message}."),
            WasmExitException x => (RunnerCodes.HandlerTrap, $"The handler called proc_exit({x.ExitCode}) instead of returning a response."),
            WasiOutputLimitException o => (RunnerCodes.HandlerTrap, $"The handler wrote too much: {o.Message}."),
            WasmLinkException l => (RunnerCodes.ModuleLinkFailed, $"The handler module cannot be linked: {l.Message}"),
            _ => (RunnerCodes.RunnerInternalError, $"The Runner failed: {e.GetType().Name}: {e.Message}"),
        };
        // A memory bomb ends however the guest reacts to a refused memory.grow (abort, trap, bad pointer): name the cause.
        if (code is RunnerCodes.HandlerTrap or RunnerCodes.HandlerAbiError && _instance?.MemoryGrowRefusals > 0)
            return (RunnerCodes.HandlerMemoryLimit, $"The handler reached its memory limit ({limits.MemoryBytes} bytes) and then failed: {message}");
        return (code, message);
    }
}
