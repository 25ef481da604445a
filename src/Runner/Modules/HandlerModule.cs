using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>A verified, compiled handler that fits wasm@1: immutable, shared by every request for its content hash.</summary>
/// <param name="WasmBytes">size of the handler's wasm (not of the bundle)</param>
/// <param name="EstimatedBytes">what the cache charges for keeping it (<see cref="ModuleCacheOptions.BytesPerWasmByte"/>)</param>
/// <param name="ImportsWasi">whether the module imports WASI at all: the per-request WASI state is only built when it does</param>
public sealed record HandlerModule(string ContentHash, WasmModule Module, long WasmBytes, long EstimatedBytes, bool ImportsWasi);
