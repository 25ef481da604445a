using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Compiles a wasm-js@1 handler as soon as it is published, in the background: compiling a
/// component takes seconds, so the first call should find it compiled (or its precompiled artifact,
/// which the cache stores for the other nodes). A failure here is only a missed head start: the
/// first call loads the handler again and reports the error. wasm@1 modules compile in milliseconds
/// and are left to their first call.
/// </summary>
public sealed class HandlerPrecompiler(CompiledModuleCache modules, ILogger<HandlerPrecompiler> logger) : IPublishObserver
{
    public void Published(Guid tenantId, PublishedVersion version, string runtime, bool hasHandler)
    {
        if (runtime != ManifestRules.RuntimeWasmJs1 || !hasHandler) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await modules.GetAsync(BlobModuleSource.Reference(tenantId, version.ContentHash), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Precompiling {Slug} {Version} ({ContentHash}) failed", version.Slug, version.Version, version.ContentHash);
            }
        });
    }
}
