using Selegic.Extensions.Platform.Tenants;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Silo.Operations;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// What operators use (docs/operations.md): <c>/metrics</c> (platform admin key or
/// EXTENSIONS_METRICS_TOKEN) with the product's meters.
/// </summary>
public static class OperationsComposition
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExtensionsMetrics(configuration);
        services.AddSingleton(provider => new ControlPlaneMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(provider => new ModuleCacheMetrics(provider.GetRequiredService<CompiledModuleCache>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    public static void MapOperations(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ModuleCacheMetrics>(); // observable instruments exist once their meter does
        app.MapExtensionsMetrics(IsPlatformAdminAsync);
    }

    private static async Task<bool> IsPlatformAdminAsync(HttpContext context, string presented)
    {
        var principal = await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(presented, context.RequestAborted);
        return principal?.Role == Platform.Storage.ApiKeyRole.PlatformAdmin;
    }
}
