using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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
internal sealed partial class GuestHost(
    ExecuteRequest request, EffectiveLimits limits, IActionInvoker invoker, DateTime deadlineUtc, WasiRun? wasi, CancellationToken cancellationToken)
{
    public const int MaxActionCalls = 64;
    private const int MaxActionNameBytes = 128;

    private string? _actionToken;

    /// <summary>This execution's WASI state; null for a module that does not import WASI.</summary>
    public WasiRun? Wasi { get; } = wasi;

    public GuestLogBuffer Logs { get; } = new();
    public int ActionCalls { get; private set; }

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
        var name = nameBytes.Length <= MaxActionNameBytes && System.Text.Unicode.Utf8.IsValid(nameBytes) ? Encoding.UTF8.GetString(nameBytes) : null;
        var result = Refusal(name, inputBytes) ?? Invoke(name!, Encoding.UTF8.GetString(inputBytes));
        var envelope = ActionResultEnvelope(result);

        var alloc = caller.GetFunction(GuestAbi.AllocExport)?.WrapFunc<int, int>()
            ?? throw GuestMemoryAccess.AbiError("scrm.action_call was called by a module without scrm_alloc");
        var pointer = alloc(envelope.Length);
        if (pointer == 0 && envelope.Length > 0)
            throw GuestMemoryAccess.AbiError($"scrm_alloc({envelope.Length}) returned 0 for an action result");
        GuestMemoryAccess.Write(memory, pointer, envelope, "scrm_alloc result for an action result");
        return GuestMemoryAccess.Pack(pointer, envelope.Length);
    }

    /// <summary>Refusals decided by the Runner before the dispatcher sees the call.</summary>
    /// <param name="name">the action name, null when it is too long or not UTF-8</param>
    private ActionResult? Refusal(string? name, ReadOnlySpan<byte> input)
    {
        if (++ActionCalls > MaxActionCalls)
            return ActionResult.Refused(429, GuestActionCodes.CallLimit, $"A handler may make at most {MaxActionCalls} action calls per request.");
        if (name is null || !ActionName().IsMatch(name))
            return ActionResult.Refused(400, GuestActionCodes.NameInvalid, "Action names are lowercase dotted identifiers such as storage.put.");
        if (input.Length > limits.MaxRequestBytes)
            return ActionResult.Refused(413, GuestActionCodes.InputTooLarge, $"Action input is {input.Length} bytes; at most {limits.MaxRequestBytes} are allowed.");
        if (!System.Text.Unicode.Utf8.IsValid(input))
            return ActionResult.Refused(400, GuestActionCodes.InputInvalid, "Action input is not valid UTF-8.");
        try
        {
            var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || !reader.TrySkip() || reader.Read())
                throw new JsonException("not exactly one JSON value");
        }
        catch (JsonException e)
        {
            return ActionResult.Refused(400, GuestActionCodes.InputInvalid, $"Action input is not well-formed JSON: {e.Message}");
        }
        return null;
    }

    private ActionResult Invoke(string name, string inputJson)
    {
        var remaining = deadlineUtc - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero) throw Timeout(name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(remaining);
        // Task.Run: even an invoker that completes synchronously or captures a context runs off this thread.
        _actionToken ??= request.ResolveActionToken();
        var token = _actionToken;
        var call = Task.Run(() => invoker.InvokeAsync(new ActionCall(token, name, inputJson, request.RequestId), timeout.Token), timeout.Token);
        try
        {
            if (!call.Wait(remaining)) throw Timeout(name);
            return call.Result;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw Timeout(name);
        }
        catch (AggregateException)
        {
            // The exception's text is the platform's, not the tenant's: the invoker logs it.
            return ActionResult.Refused(503, GuestActionCodes.Unavailable, $"Action {name} failed inside the platform.");
        }
    }

    private static RunnerException Timeout(string action) =>
        new(RunnerCodes.HandlerTimeout, $"The handler's time ran out while waiting for action {action}.");

    private static byte[] ActionResultEnvelope(ActionResult result)
    {
        try
        {
            return WriteEnvelope(result);
        }
        catch (JsonException)
        {
            return WriteEnvelope(ActionResult.Refused(502, GuestActionCodes.OutputInvalid, "The action returned output that is not JSON."));
        }
    }

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
                else json.WriteRawValue(result.OutputJson); // validates: a bad output becomes action_output_invalid
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

    [GeneratedRegex("^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$")]
    private static partial Regex ActionName();
}
