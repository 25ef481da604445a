using System.Collections.Concurrent;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Actions.Schema;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Parsed manifests of installed versions, by tenant and content hash. Versions are immutable, so
/// an entry never goes stale; the set grows with the versions actually called (small records).
/// Compiled action input schemas are kept the same way.
/// </summary>
public sealed class InstalledManifests(IMetadataStore store)
{
    private readonly ConcurrentDictionary<(Guid, string), ExtensionManifest> _manifests = new();
    private readonly ConcurrentDictionary<(Guid, string, string), JsonSchema> _schemas = new();

    /// <summary>The manifest of the installation's version; null if the version row is gone.</summary>
    public async ValueTask<ExtensionManifest?> GetAsync(InstallationRecord installation, CancellationToken cancellationToken)
    {
        var key = (installation.TenantId, installation.ContentHash);
        if (_manifests.TryGetValue(key, out var cached))
            return cached;
        var version = await store.GetVersionAsync(installation.TenantId, installation.ExtensionSlug, installation.Version, cancellationToken);
        if (version is null || version.ContentHash != installation.ContentHash)
            return null;
        return _manifests.GetOrAdd(key, ManifestParser.Parse(version.ManifestJson));
    }

    /// <summary>The compiled input schema of a declared action; throws <see cref="JsonSchemaException"/> for an unsupported schema.</summary>
    public JsonSchema InputSchema(InstallationRecord installation, ManifestAction action) =>
        _schemas.GetOrAdd((installation.TenantId, installation.ContentHash, action.Name), _ => JsonSchema.Compile(action.InputSchema));
}
