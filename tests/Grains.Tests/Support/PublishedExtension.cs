using System.Text;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>A fresh tenant with versions 1.0.0 and 1.1.0 of one extension published through their grains (1.1.0 also declares cap:log).</summary>
public static class PublishedExtension
{
    public const string Slug = "trips";

    public static async Task<TenantRecord> CreateAsync(ControlPlaneCluster cluster, string tenantSlug)
    {
        var store = cluster.Service<IMetadataStore>(cluster.Cluster.Primary!);
        var tenant = (await new TenantService(store, TimeProvider.System).CreateTenantAsync(tenantSlug, CancellationToken.None)).Tenant;
        foreach (var (version, capabilities) in new[] { ("1.0.0", "\"cap:storage.kv\""), ("1.1.0", "\"cap:storage.kv\", \"cap:log\"") })
        {
            var manifest = $$$"""
                {"slug":"{{{Slug}}}","name":"Trips","version":"{{{version}}}","runtime":"wasm@1","handler":"handler.wasm",
                 "capabilities":[{{{capabilities}}}],"api":{"endpoints":[{"method":"GET","path":"/trips"}]}}
                """;
            var bundle = Encoding.UTF8.GetBytes(manifest);
            var hash = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bundle));
            var published = await cluster.Cluster.GrainFactory.GetGrain<IExtensionVersionGrain>(ExtensionVersionKey.For(tenant.Id, Slug, version))
                .PublishAsync(new VersionPublication(tenant.Id, Slug, version, "Trips", null, null, hash, bundle, manifest, null, null, "grain-tests"));
            Assert.True(published);
        }
        return tenant;
    }
}
