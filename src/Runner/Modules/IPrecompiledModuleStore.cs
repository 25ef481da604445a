namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Keeps precompiled modules (Wasmtime's serialized machine code, wrapped by
/// <see cref="Sandbox.PrecompiledArtifact"/>) so that a process that has not compiled a module yet
/// can load it instead. Not trusted: what it returns is verified before it is used, and anything
/// that fails the check is recompiled. Failures of the store only cost a compile: a get that throws
/// is a miss, a put that throws is ignored.
/// </summary>
public interface IPrecompiledModuleStore
{
    /// <summary>The artifact stored under <paramref name="key"/>, or null.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    Task PutAsync(string key, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken);
}
