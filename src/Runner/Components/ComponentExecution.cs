using System.Diagnostics;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;
using Wasmtime.Components;

namespace Selegic.Extensions.Runner.Components;

/// <summary>
/// One request through one fresh store and component instance (wasm-js@1): instantiate under the
/// limits (epoch deadline, fuel, memory cap on every memory of the store), call <c>handle</c>, check
/// the response, and map every failure to the same <see cref="RunnerCodes"/> as wasm@1. Nothing
/// survives between requests. Synchronous: wasm runs on the calling thread.
/// </summary>
internal sealed class ComponentExecution(ExecuteRequest request, EffectiveLimits limits, IActionInvoker invoker, CancellationToken cancellationToken)
{
    public ExecuteResponse Run(SandboxEngine engine, ComponentLinker host, HandlerModule handler, bool compiledNow)
    {
        var clock = Stopwatch.StartNew();
        var guest = new ComponentGuest(request, limits, invoker, DateTime.UtcNow + limits.Timeout, cancellationToken);
        ExecuteResponse response;
        long fuelConsumed;
        using (guest.Enter())
        using (var store = engine.CreateStore(limits.Timeout, (ulong)limits.Fuel, limits.MemoryBytes))
        {
            try
            {
                response = Invoke(store, host, handler.Component!);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var (code, message) = Classify(guest, e);
                response = ExecuteResponse.Failure(code, message);
            }
            fuelConsumed = limits.Fuel - (long)store.Fuel;
        }
        return ExecutionFailures.Completed(response, guest.Logs, compiledNow, fuelConsumed, guest.ActionCalls, clock);
    }

    private ExecuteResponse Invoke(Store store, ComponentLinker host, Component component)
    {
        ComponentInstance instance;
        try
        {
            instance = host.Instantiate(store, component);
        }
        catch (WasmtimeException w) when (ExecutionFailures.Cause(w.Message) is var cause && !cause.StartsWith("wasm trap:", StringComparison.Ordinal))
        {
            if (w.Message.Contains("exceeds memory limits", StringComparison.Ordinal) || w.Message.Contains("memory minimum size", StringComparison.Ordinal))
                throw new RunnerException(RunnerCodes.HandlerMemoryLimit,
                    $"The component needs more memory at start than its limit ({limits.MemoryBytes} bytes): {cause}", w);
            throw new RunnerException(RunnerCodes.ModuleLinkFailed, $"The handler component cannot be instantiated ({ComponentAbi.Version} provides only {ComponentAbi.ActionsInterface} and {ComponentAbi.LogInterface}): {cause}", w);
        }
        var handle = instance.GetFunction(ComponentAbi.HandleExport)
            ?? throw new RunnerException(RunnerCodes.ModuleLinkFailed, $"The handler component does not export \"{ComponentAbi.HandleExport}\".");
        return ComponentValues.Response(handle.Call(ComponentValues.Request(request)), limits.MaxResponseBytes);
    }

    private (string Code, string Message) Classify(ComponentGuest guest, Exception e)
    {
        var (code, message) = ExecutionFailures.Classify(guest.HostFailure ?? e, limits, cancellationToken);
        // A refused memory.grow is silent in Wasmtime and an exception in SpiderMonkey; sdk/js
        // reports one that escapes the handler before trapping (ComponentAbi.OutOfMemoryLogPrefix).
        if (code is RunnerCodes.HandlerTrap && guest.ReportedOutOfMemory)
            return (RunnerCodes.HandlerMemoryLimit, $"The handler reached its memory limit ({limits.MemoryBytes} bytes) and then failed: {message}");
        return (code, message);
    }
}
