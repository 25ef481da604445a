using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// Runs host callbacks on behalf of compiled code (through the trampolines) and of
/// <see cref="WasmFunction.Invoke"/>, keeping the wasm call depth across host re-entry so a
/// host function that calls back into wasm cannot bypass the call-depth cap.
/// </summary>
internal static class HostCalls
{
    [ThreadStatic] private static int t_depth;

    public static int CurrentDepth => t_depth;

    /// <summary>Entry point of the trampolines generated for host functions.</summary>
    public static WasmValue[] CallFromWasm(InstanceContext callee, InstanceContext caller, int depth, WasmValue[] args) =>
        Call((HostFunctionContext)callee, caller, depth, args);

    public static WasmValue[] Call(HostFunctionContext host, InstanceContext? caller, int depth, WasmValue[] args)
    {
        var saved = t_depth;
        t_depth = depth;
        WasmValue[] results;
        try
        {
            results = host.Callback(caller?.HostCallContext ?? HostCallContext.FromHost, args);
        }
        catch (WasmException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new WasmTrapException(TrapKind.HostError, $"host function failed: {e.Message}", e);
        }
        finally
        {
            t_depth = saved;
        }
        CheckResults(host.Type, results);
        return results;
    }

    private static void CheckResults(FunctionType type, WasmValue[]? results)
    {
        var expected = type.Results;
        if (results is null || results.Length != expected.Length)
            throw new WasmTrapException(TrapKind.HostError, $"host function returned {results?.Length ?? 0} values, its type {type} needs {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
            if (results[i].Type != expected[i] ||
                (expected[i] == Model.ValueType.FuncRef && results[i].AsRef() is not (null or WasmFunction)))
                throw new WasmTrapException(TrapKind.HostError, $"host function result {i} must be {expected[i].Name()}");
    }
}
