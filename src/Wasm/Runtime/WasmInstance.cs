namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>An instantiated module: its exports and its resource accounting. Not thread-safe: one caller at a time.</summary>
/// <remarks>
/// Disposing is optional: it releases the memory the instance defined (back to the engine's
/// <see cref="LinearMemoryPool"/> when there is one). The instance must not be running; afterwards
/// any access to that memory, from the instance or from another one that imported it, traps.
/// </remarks>
public sealed class WasmInstance : IDisposable
{
    internal WasmInstance(WasmModule module, InstanceContext context, IReadOnlyDictionary<string, WasmExtern> exports)
    {
        Module = module;
        Context = context;
        Exports = exports;
    }

    internal InstanceContext Context { get; }

    public WasmModule Module { get; }

    public IReadOnlyDictionary<string, WasmExtern> Exports { get; }

    /// <summary>
    /// Fuel used so far (counted even without a fuel limit). Running code keeps its budget in a
    /// register and settles it at calls, returns and refills, so after a trap other than
    /// OutOfFuel the work of the trapping function since its last call may be missing here.
    /// </summary>
    public long FuelConsumed => Context.InitialFuel - Context.FuelRemaining;

    /// <summary>Fuel left; <see cref="long.MaxValue"/> when the instance has no fuel limit.</summary>
    public long FuelRemaining => Context.FuelLimited ? Context.FuelRemaining : long.MaxValue;

    /// <summary>How many memory.grow instructions returned -1 (the memory cap or the host refused): tells a memory bomb from other failures.</summary>
    public int MemoryGrowRefusals => Context.MemoryGrowRefusals;

    public void Dispose() => Context.OwnedMemory?.Release();

    public WasmFunction GetFunction(string name) => Get<WasmFunction>(name, "function");

    public WasmMemory? GetMemory(string name) => Exports.GetValueOrDefault(name) as WasmMemory;

    public WasmGlobal GetGlobal(string name) => Get<WasmGlobal>(name, "global");

    public WasmTable GetTable(string name) => Get<WasmTable>(name, "table");

    private T Get<T>(string name, string kind) where T : WasmExtern =>
        Exports.TryGetValue(name, out var item) && item is T typed
            ? typed
            : throw new KeyNotFoundException($"the instance has no exported {kind} named \"{name}\"");
}
