namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Precompiled modules in a blob store, each under <c>precompiled/&lt;key&gt;</c>. The store is
/// handed over as its get and replace (the platform's <c>IBlobStore.GetAsync</c> and <c>ReplaceAsync</c>), so
/// the Runner needs no reference to the platform.
/// </summary>
public sealed class BlobPrecompiledModuleStore(
    Func<string, CancellationToken, Task<byte[]?>> get,
    Func<string, ReadOnlyMemory<byte>, CancellationToken, Task> put) : IPrecompiledModuleStore
{
    public const string Prefix = "precompiled/";

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => get(Prefix + key, cancellationToken);

    public Task PutAsync(string key, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken) => put(Prefix + key, artifact, cancellationToken);
}
