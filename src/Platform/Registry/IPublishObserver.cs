namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// Told of every version once it is committed and audited, off the publish's path: it must not
/// throw or block (the data plane uses it to compile a wasm-js@1 handler ahead of its first call).
/// </summary>
public interface IPublishObserver
{
    /// <param name="runtime">the manifest's runtime (wasm@1, wasm-js@1)</param>
    /// <param name="hasHandler">whether the bundle has a handler at all (UI-only extensions do not)</param>
    void Published(Guid tenantId, PublishedVersion version, string runtime, bool hasHandler);
}
