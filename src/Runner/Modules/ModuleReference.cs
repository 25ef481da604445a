namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Names a handler module: <see cref="ContentHash"/> (<c>sha256:&lt;hex&gt;</c> of the stored bytes,
/// a bundle .tar.gz or a bare .wasm) is the cache key and what the bytes are verified against;
/// <see cref="StorageScope"/> tells the module source where they are stored (the tenant id for
/// the blob store's per-tenant layout), opaque to the Runner.
/// </summary>
public sealed record ModuleReference(string ContentHash, string? StorageScope = null);
