using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// Resolves imports by (module, name) to host functions and to other instances' exports, and
/// instantiates modules against them. Define everything first; instantiation only reads.
/// </summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), WasmExtern> _definitions = [];

    public Linker DefineFunction(string module, string name, FunctionType type, HostFunctionCallback fn) =>
        Define(module, name, WasmFunction.FromHost(type, fn));

    public Linker Define(string module, string name, WasmExtern item)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(item);
        _definitions[(module, name)] = item;
        return this;
    }

    /// <summary>Makes every export of <paramref name="instance"/> importable as (<paramref name="moduleName"/>, export name).</summary>
    public Linker DefineInstance(string moduleName, WasmInstance instance)
    {
        foreach (var (name, item) in instance.Exports) Define(moduleName, name, item);
        return this;
    }

    /// <summary>
    /// Creates an instance. Throws <see cref="WasmLinkException"/> for a missing or mismatched
    /// import and <see cref="WasmTrapException"/> when an active segment is out of bounds or the
    /// start function traps (writes made before the trap stay visible in shared tables and memories).
    /// <paramref name="hostState"/> is what host functions called by this instance see as
    /// <see cref="HostCallContext.HostState"/>: one linker with stateless host functions can then
    /// serve any number of instances, each with its own state.
    /// </summary>
    public WasmInstance Instantiate(WasmModule module, InstanceLimits? limits = null, object? hostState = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Instantiation.Run(module, import => _definitions.GetValueOrDefault((import.Module, import.Name)), limits, hostState);
    }
}
