using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;
using Selegic.Extensions.Platform.Tenants;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Silo.Operations;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// What operators use (docs/operations.md): <c>/metrics</c> (platform admin key or
/// EXTENSIONS_METRICS_TOKEN) with the product's meters, and the Orleans dashboard under
/// <c>/ops/dashboard/</c> behind a sign-in with the platform admin key at <c>/ops/</c>.
/// </summary>
public static class OperationsComposition
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExtensionsMetrics(configuration);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OpsCookieAuthenticationHandler>(OpsCookieAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(OpsCookieAuthenticationHandler.PolicyName, OpsCookieAuthenticationHandler.RequireOpsAdmin);
        services.AddSingleton(provider => new ControlPlaneMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(provider => new ModuleCacheMetrics(provider.GetRequiredService<CompiledModuleCache>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    public static void MapOperations(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ModuleCacheMetrics>(); // observable instruments exist once their meter does
        app.MapExtensionsMetrics(IsPlatformAdminAsync);
        OpsSignIn.Map(app);
        // Every silo of the cluster runs the dashboard's grains (SiloComposition); this node serves its pages and API.
        app.MapOrleansDashboard(routePrefix: OpsSignIn.DashboardPath).RequireAuthorization(OpsCookieAuthenticationHandler.PolicyName);
    }

    private static async Task<bool> IsPlatformAdminAsync(HttpContext context, string presented)
    {
        var principal = await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(presented, context.RequestAborted);
        return principal?.Role == Platform.Storage.ApiKeyRole.PlatformAdmin;
    }
}
