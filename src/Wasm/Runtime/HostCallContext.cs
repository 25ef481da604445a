using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>A host function: receives the arguments, returns the results (an empty array when there are none).</summary>
public delegate WasmValue[] HostFunctionCallback(HostCallContext ctx, ReadOnlySpan<WasmValue> args);

/// <summary>
/// What a host function knows about its caller: the calling instance, its memory (the instance's
/// memory 0, exported or not) and the embedder's state for it. All are null when the host itself
/// invoked the function.
/// </summary>
public sealed class HostCallContext
{
    internal static readonly HostCallContext FromHost = new(null);

    private readonly InstanceContext? _caller;

    internal HostCallContext(InstanceContext? caller) => _caller = caller;

    public WasmInstance? Instance => _caller?.Instance;

    public WasmMemory? Memory => _caller?.Memory;

    /// <summary>What the embedder passed to <see cref="Linker.Instantiate"/> for the calling instance.</summary>
    public object? HostState => _caller?.HostState;
}

/// <summary>The execution context a host function runs with: its callback and its type.</summary>
internal sealed class HostFunctionContext(HostFunctionCallback callback, FunctionType type) : InstanceContext
{
    public readonly HostFunctionCallback Callback = callback;
    public readonly FunctionType Type = type;
}
