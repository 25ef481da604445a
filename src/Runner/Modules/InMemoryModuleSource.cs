using System.Collections.Concurrent;
using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Modules held in memory, keyed by their content hash (the scope is ignored). For tools that
/// build a handler and run it straight away (e.g. a local dev server) and for tests.
/// </summary>
public sealed class InMemoryModuleSource : IModuleSource
{
    private readonly ConcurrentDictionary<string, byte[]> _modules = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="bytes"/> (a .wasm or a bundle) and returns the reference to run it by.</summary>
    public ModuleReference Add(byte[] bytes)
    {
        var hash = ContentHash.Compute(bytes);
        _modules[hash] = bytes;
        return new ModuleReference(hash);
    }

    public Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken) =>
        Task.FromResult(_modules.GetValueOrDefault(module.ContentHash));
}
