using Selegic.Extensions.Frontend.Assets;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Wires the gateway, extension actions and assets. This node's Runner is in process (module cache over
/// the blob store, host calls through the Action dispatcher); a client Frontend of the split topology
/// sends executions to the silos' execution grains instead (src/Grains/GrainComposition).
/// </summary>
public static class GatewayComposition
{
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.SectionName);
        var options = section.Get<GatewayOptions>() ?? new GatewayOptions();
        if (options.Validate(section) is { Count: > 0 } problems)
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration, string.Join(" ", problems));
        services.AddSingleton(options);

        services.AddSingleton<IModuleSource, BlobModuleSource>();
        services.AddSingleton<IActionInvoker, DispatcherActionInvoker>();
        services.AddSingleton(provider =>
        {
            var blobs = provider.GetRequiredService<IBlobStore>();
            return new CompiledModuleCache(provider.GetRequiredService<IModuleSource>(), new ModuleCacheOptions
            {
                PrecompiledModules = new BlobPrecompiledModuleStore(blobs.GetAsync, blobs.ReplaceAsync),
                BaselineEngine = options.BaselineCompile ? SandboxEngine.SharedBaseline : null,
            });
        });
        services.AddHostedService<ModuleCacheShutdown>();
        // This node's runner: the gateway's in the co-hosted topologies, and the one the co-hosted silo's
        // execution grains run on (src/Grains/Execution) when an Orleans client sends them executions.
        services.AddSingleton(provider => new LocalRunner(provider.GetRequiredService<CompiledModuleCache>(), provider.GetRequiredService<IActionInvoker>()));
        services.AddSingleton<IRunner>(provider => provider.GetRequiredService<LocalRunner>());
        services.AddSingleton<IPublishObserver, HandlerPrecompiler>();

        services.AddSingleton<InstalledManifests>();
        services.AddSingleton<GatewayCallers>();
        services.AddSingleton(provider => new GatewayMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<GatewayAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayAudit>());
        services.AddSingleton<GatewayHandlerLogs>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayHandlerLogs>());
        services.AddSingleton<HandlerInvocation>();

        services.AddSingleton(ExtensionUiOrigin.From(configuration[ExtensionUiOrigin.Variable], options.HostOrigin));
        services.AddSingleton<AssetTicket>();
        services.AddSingleton<UiBundles>();
        return services;
    }

    public static void MapGateway(this WebApplication app, RouteGroupBuilder tenant)
    {
        GatewayEndpoints.Map(app);
        ExtensionActionEndpoints.Map(tenant);
        AssetEndpoints.Map(app, tenant);
    }
}
