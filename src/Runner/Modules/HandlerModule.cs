using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>A verified, compiled handler that fits wasm@1: immutable, shared by every request for its content hash.</summary>
/// <param name="Engine">the engine that compiled it: its stores and linker must come from the same one</param>
/// <param name="EstimatedBytes">what the cache charges for keeping it (<see cref="ModuleCacheOptions.BytesPerWasmByte"/>)</param>
/// <param name="ImportsWasi">whether the module imports WASI at all: the per-request WASI state is only built when it does</param>
/// <param name="ImportsActionCall">whether the module can call actions, and so block its thread waiting for one</param>
/// <param name="InitialMemoryPages">pages its memory has at start: a limit below it is refused before instantiating</param>
public sealed record HandlerModule(string ContentHash, Module Module, SandboxEngine Engine, long EstimatedBytes, bool ImportsWasi, bool ImportsActionCall, long InitialMemoryPages)
{
    private long _typicalTicks, _runs;

    /// <summary>A moving average of this module's recent execution times (zero before its first run).</summary>
    public TimeSpan TypicalDuration => TimeSpan.FromTicks(Volatile.Read(ref _typicalTicks));

    /// <summary>
    /// Folds one execution's time into <see cref="TypicalDuration"/> (weight 1/8; concurrent updates may
    /// lose one, which is fine for an estimate). The first run also faults in the module's code and
    /// memory image, so it counts as at most <paramref name="firstRunCap"/>.
    /// </summary>
    internal void Observe(TimeSpan elapsed, TimeSpan firstRunCap)
    {
        if (Interlocked.Increment(ref _runs) == 1 && elapsed > firstRunCap)
            elapsed = firstRunCap;
        var typical = Volatile.Read(ref _typicalTicks);
        Volatile.Write(ref _typicalTicks, typical == 0 ? elapsed.Ticks : typical + (elapsed.Ticks - typical) / 8);
    }
}
