namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Fetches the stored bytes of a module by content hash: a bundle (.tar.gz, whose manifest names the
/// handler) or a bare wasm module. The Runner re-hashes what it gets (<see cref="RunnerCodes"/>
/// module_hash_mismatch), so a source need not be trusted. Return null when there is nothing stored;
/// throw for a backend failure (reported as module_source_unavailable).
/// </summary>
public interface IModuleSource
{
    Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken);
}
