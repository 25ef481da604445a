using Microsoft.Extensions.Options;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>Wires the control plane (src/Platform) into the container from the validated server options.</summary>
public static class PlatformComposition
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IMetadataStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
            return MetadataStoreFactory.Create(new MetadataStoreOptions
            {
                Provider = options.MetadataStore.Trim().Equals(MetadataStoreKinds.Postgres, StringComparison.OrdinalIgnoreCase)
                    ? MetadataStoreProvider.Postgres
                    : MetadataStoreProvider.Sqlite,
                SqlitePath = options.ResolvedSqlitePath,
                PostgresConnectionString = options.PostgresConnectionString ?? "",
            });
        });
        services.AddSingleton<IBlobStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
            // Resolved once, during start-up (InitializePlatformAsync), before any request is served.
            return BlobStoreFactory.CreateAsync(name => configuration[name], options.ResolvedBlobDirectory, CancellationToken.None).GetAwaiter().GetResult();
        });
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ServerOptions>>().Value.BundleLimits);

        services.AddSingleton<AuditLog>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<PlatformAdminKeyBootstrap>();
        services.AddSingleton<PublisherKeys>();
        services.AddSingleton<PublisherSignatureVerifier>();
        services.AddSingleton<PublishService>();
        services.AddSingleton<RegistryQueries>();
        services.AddInstallations(configuration);
        return services;
    }

    /// <summary>
    /// Before listening: validate options, migrate the schema, make sure a platform admin key exists.
    /// Returns the admin key only when this start generated it (to be printed once).
    /// </summary>
    public static async Task<string?> InitializePlatformAsync(this IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IOptions<ServerOptions>>().Value; // throws OptionsValidationException naming bad settings
        var store = services.GetRequiredService<IMetadataStore>();
        await store.PingAsync(cancellationToken); // an unreachable database stops start-up as metadata_store_unavailable
        await store.MigrateAsync(cancellationToken);
        await services.StartInstallationsAsync(cancellationToken);
        _ = services.GetRequiredService<IBlobStore>(); // GCS credentials are loaded here, not on the first request
        var admin = await services.GetRequiredService<PlatformAdminKeyBootstrap>()
            .EnsureAsync(configuration[PlatformAdminKeyBootstrap.ConfigurationVariable], cancellationToken);
        return admin.GeneratedKey;
    }
}
