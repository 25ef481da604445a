using System.Runtime.CompilerServices;
using Selegic.Extensions.Wasm.Compilation;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A function: compiled guest code bound to its instance, or a host callback. Compiled code
/// calls it through <see cref="Code"/> (a native entry point following <see cref="CallingConvention"/>)
/// with <see cref="Context"/> as the callee's context.
/// </summary>
public sealed class WasmFunction : WasmExtern
{
    internal readonly InstanceContext Context;
    internal readonly IntPtr Code;
    private readonly int _typeIndex;
    // Keeps the generated code behind Code alive (host trampolines; compiled code is kept by its module).
    private readonly object? _codeOwner;

    internal WasmFunction(FunctionType type, InstanceContext context, IntPtr code, int typeIndex, object? codeOwner = null)
    {
        _codeOwner = codeOwner;
        Type = type;
        Context = context;
        Code = code;
        _typeIndex = typeIndex;
    }

    public FunctionType Type { get; }

    /// <summary>A function implemented by the host, for <see cref="Linker.Define"/> or a table.</summary>
    public static WasmFunction FromHost(FunctionType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        var (method, entry) = HostTrampolines.For(type);
        return new WasmFunction(type, new HostFunctionContext(callback, type), entry, -1, method);
    }

    /// <summary>
    /// Calls the function. Traps surface as <see cref="WasmTrapException"/>; wrong argument
    /// count or types as <see cref="ArgumentException"/>.
    /// </summary>
    public WasmValue[] Invoke(params WasmValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parameters = Type.Parameters;
        if (args.Length != parameters.Length)
            throw new ArgumentException($"expected {parameters.Length} arguments of type {Type}, got {args.Length}");
        for (var i = 0; i < args.Length; i++)
            if (args[i].Type != parameters[i])
                throw new ArgumentException($"argument {i} must be {parameters[i].Name()}, got {args[i].Type.Name()}");
            else if (parameters[i] == Model.ValueType.FuncRef && args[i].AsRef() is not (null or WasmFunction))
                throw new ArgumentException($"argument {i} must be a WasmFunction or null");

        if (Context is HostFunctionContext host) return HostCalls.Call(host, null, HostCalls.CurrentDepth, args);
        // Compiled code probes the stack only every few levels; make sure the first few fit.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new WasmTrapException(TrapKind.CallStackExhausted);

        var module = Context.Module!;
        var invoker = module.GetEntryInvoker(_typeIndex);
        var results = Type.Results.Length == 0 ? [] : new WasmValue[Type.Results.Length];
        Context.EnterFromHost();
        try
        {
            invoker(Code, Context, HostCalls.CurrentDepth + 1, args, results);
        }
        finally
        {
            Context.ExitFromHost();
        }
        return results;
    }
}
