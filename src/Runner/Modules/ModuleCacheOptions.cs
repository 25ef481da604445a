using Selegic.Extensions.Contracts.Bundles;

namespace Selegic.Extensions.Runner.Modules;

public sealed class ModuleCacheOptions
{
    /// <summary>Budget of the cache; least recently used modules are dropped past it.</summary>
    public long MaxEstimatedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Memory charged per byte of wasm for a compiled module (decoded definition, IL, JIT code).
    /// An estimate: the engine cannot report the JIT's real footprint.
    /// </summary>
    public double BytesPerWasmByte { get; init; } = 12;

    /// <summary>Caps used when a bundle is unpacked to find its handler.</summary>
    public BundleLimits BundleLimits { get; init; } = BundleLimits.Default;
}
