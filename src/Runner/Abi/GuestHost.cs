using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox.Wasi;
using Caller = Wasmtime.Caller;
using Linker = Wasmtime.Linker;
using Memory = Wasmtime.Memory;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>
/// The host side of wasm@1 for one execution: <c>scrm.action_call</c>, <c>scrm.log</c> and
/// <c>env.abort</c>. Host functions run on the execution's own thread, inside a wasm call, so an
/// action call blocks that thread on the invoker's task (bounded by the execution's deadline);
/// the invoker's work runs on the thread pool, so nothing waits on the blocked thread and it cannot deadlock.
/// Guest mistakes throw <see cref="RunnerException"/>, which Wasmtime hands back as the inner
/// exception of the failed call. The execution's GuestHost is its store's data.
/// </summary>
internal sealed class GuestHost(
    ExecuteRequest request, EffectiveLimits limits, IActionInvoker invoker, DateTime deadlineUtc, WasiRun? wasi, CancellationToken cancellationToken)
{
    /// <summary>This execution's WASI state; null for a module that does not import WASI.</summary>
    public WasiRun? Wasi { get; } = wasi;

    public GuestLogBuffer Logs { get; } = new();

    private GuestActions Actions { get; } = new(request, limits, invoker, deadlineUtc, cancellationToken);

    public int ActionCalls => Actions.Calls;

    /// <summary>
    /// Defines the wasm@1 host functions and WASI. They hold no state: each finds the
    /// <see cref="GuestHost"/> of its execution as the store's data, so one linker serves every execution.
    /// </summary>
    public static Linker Define(Linker linker)
    {
        linker.DefineFunction(GuestAbi.HostModule, GuestAbi.ActionCallImport, (Caller caller, int name, int nameLength, int input, int inputLength) =>
            Of(caller.GetData()).CallAction(caller, name, nameLength, input, inputLength));
        linker.DefineFunction(GuestAbi.HostModule, GuestAbi.LogImport, (Caller caller, int level, int pointer, int length) =>
            Of(caller.GetData()).Log(caller.GetMemory(GuestAbi.MemoryExport), level, pointer, length));
        linker.DefineFunction("env", "abort", (Caller caller, int message, int file, int line, int column) =>
        {
            throw Of(caller.GetData()).Abort(caller.GetMemory(GuestAbi.MemoryExport), message, file, line, column);
        });
        return WasiPreview1.Define(linker, WasiOf);
    }

    /// <summary>The WASI state of the calling execution (only modules that import WASI call these functions, and they get one).</summary>
    private static WasiRun WasiOf(object? data) =>
        Of(data).Wasi ?? throw GuestMemoryAccess.AbiError("a WASI function was called by an execution without WASI state");

    private static GuestHost Of(object? data) =>
        data as GuestHost ?? throw GuestMemoryAccess.AbiError("a wasm@1 host function was called outside a handler execution");

    private void Log(Memory? memory, int level, int pointer, int length)
    {
        if (level is < (int)GuestLogLevel.Debug or > (int)GuestLogLevel.Error)
            throw GuestMemoryAccess.AbiError($"scrm.log: level {level} is not 0 (debug), 1 (info), 2 (warn) or 3 (error)");
        var bytes = GuestMemoryAccess.Read(memory, pointer, length, "scrm.log message");
        Logs.Add((GuestLogLevel)level, Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, GuestLogBuffer.MaxMessageChars * 4)]));
    }

    private long CallAction(Caller caller, int namePointer, int nameLength, int inputPointer, int inputLength)
    {
        var memory = caller.GetMemory(GuestAbi.MemoryExport);
        var nameBytes = GuestMemoryAccess.Read(memory, namePointer, nameLength, "scrm.action_call name");
        var inputBytes = GuestMemoryAccess.Read(memory, inputPointer, inputLength, "scrm.action_call input");
        var envelope = WriteEnvelope(Actions.Call(nameBytes, inputBytes));

        var alloc = caller.GetFunction(GuestAbi.AllocExport)?.WrapFunc<int, int>()
            ?? throw GuestMemoryAccess.AbiError("scrm.action_call was called by a module without scrm_alloc");
        var pointer = alloc(envelope.Length);
        if (pointer == 0 && envelope.Length > 0)
            throw GuestMemoryAccess.AbiError($"scrm_alloc({envelope.Length}) returned 0 for an action result");
        GuestMemoryAccess.Write(memory, pointer, envelope, "scrm_alloc result for an action result");
        return GuestMemoryAccess.Pack(pointer, envelope.Length);
    }

    /// <summary>The wasm@1 action result envelope; the output was checked to be JSON by <see cref="GuestActions"/>.</summary>
    private static byte[] WriteEnvelope(ActionResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", result.Succeeded);
            json.WriteNumber("status", result.Status);
            if (result.Succeeded)
            {
                json.WritePropertyName("output");
                if (string.IsNullOrEmpty(result.OutputJson)) json.WriteNullValue();
                else json.WriteRawValue(result.OutputJson, skipInputValidation: true);
            }
            else
            {
                json.WriteString("code", result.Code ?? "action_failed");
                json.WriteString("message", result.Message ?? "");
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>AssemblyScript's abort(message, file, line, column): its strings are UTF-16LE with the byte length in the 4 bytes before.</summary>
    private RunnerException Abort(Memory? memory, int message, int file, int line, int column)
    {
        var text = $"abort: {AssemblyScriptString(memory, message)} at {AssemblyScriptString(memory, file)}:{line}:{column}";
        Logs.Add(GuestLogLevel.Error, text);
        return new RunnerException(RunnerCodes.HandlerTrap, $"The handler aborted: {text}");
    }

    private static string AssemblyScriptString(Memory? memory, int pointer)
    {
        if (pointer == 0) return "null";
        try
        {
            var length = BitConverter.ToInt32(GuestMemoryAccess.Read(memory, pointer - 4, 4, "abort"));
            return Encoding.Unicode.GetString(GuestMemoryAccess.Read(memory, pointer, Math.Clamp(length, 0, 2048), "abort"));
        }
        catch (RunnerException)
        {
            return $"(string at 0x{(uint)pointer:x} is outside memory)";
        }
    }
}
