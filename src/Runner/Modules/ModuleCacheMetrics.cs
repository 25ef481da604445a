using System.Diagnostics.Metrics;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// The compiled-module cache on the meter <see cref="MeterName"/>, read from
/// <see cref="CompiledModuleCache.Statistics"/> at each collection (no work on the call path):
/// <c>modules.cache.hits</c>, <c>modules.cache.misses</c> (loads started: fetch, verify, then
/// compile or deserialize), <c>modules.compiles</c>, <c>modules.precompiled_loads</c>,
/// <c>modules.cache.evictions</c>, <c>modules.precompiled_rejected</c>, and the gauges
/// <c>modules.cache.modules</c> and <c>modules.cache.bytes</c>. No tags: no content hashes in labels.
/// </summary>
public sealed class ModuleCacheMetrics : IDisposable
{
    public const string MeterName = "Selegic.Extensions.Modules";
    private readonly Meter _meter;

    public ModuleCacheMetrics(CompiledModuleCache cache, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("modules.cache.hits", () => cache.Statistics.Hits, description: "Calls answered by a module already compiled or being loaded");
        _meter.CreateObservableCounter("modules.cache.misses", () => cache.Statistics.Loads, description: "Calls that started a module load (fetch, verify, compile or deserialize)");
        _meter.CreateObservableCounter("modules.compiles", () => cache.Statistics.Compiles, description: "Loads that compiled the WebAssembly");
        _meter.CreateObservableCounter("modules.precompiled_loads", () => cache.Statistics.PrecompiledLoads, description: "Loads that deserialized a stored precompiled module");
        _meter.CreateObservableCounter("modules.precompiled_rejected", () => cache.Statistics.ArtifactsRejected, description: "Stored precompiled modules refused (corrupt or for another engine), then compiled");
        _meter.CreateObservableCounter("modules.cache.evictions", () => cache.Statistics.Evictions, description: "Modules dropped to stay within the cache budget");
        _meter.CreateObservableGauge("modules.cache.modules", () => cache.Statistics.Modules, description: "Compiled modules held");
        _meter.CreateObservableGauge("modules.cache.bytes", () => cache.Statistics.EstimatedBytes, unit: "By", description: "Estimated bytes of the compiled modules held");
    }

    public void Dispose() => _meter.Dispose();
}
