using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Runner.Sandbox;

namespace Selegic.Extensions.Runner.Modules;

public sealed class ModuleCacheOptions
{
    /// <summary>Budget of the cache; least recently used modules are dropped past it.</summary>
    public long MaxEstimatedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Memory charged per byte of wasm for a compiled module (machine code, metadata, the memory
    /// image for copy-on-write initialisation). An estimate: Wasmtime does not report the footprint.
    /// </summary>
    public double BytesPerWasmByte { get; init; } = 12;

    /// <summary>Caps used when a bundle is unpacked to find its handler.</summary>
    public BundleLimits BundleLimits { get; init; } = BundleLimits.Default;

    /// <summary>
    /// An engine with the baseline compiler (<see cref="SandboxEngine.SharedBaseline"/>): a cold module
    /// with no precompiled artifact is compiled with it first, so its first calls wait for a quick
    /// compile, then the optimized module replaces it once compiled in the background (and is the one
    /// stored precompiled). Null compiles with the optimizing engine only.
    /// </summary>
    public SandboxEngine? BaselineEngine { get; init; }

    /// <summary>Where precompiled modules are shared between processes; null compiles every cold module.</summary>
    public IPrecompiledModuleStore? PrecompiledModules { get; init; }
}
