using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Reading a tenant's extensions and their versions.</summary>
public static class ExtensionEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapGet("/extensions", ListExtensionsAsync);
        tenant.MapGet("/extensions/{slug}/versions", ListVersionsAsync);
        tenant.MapGet("/extensions/{slug}/versions/{version}", GetVersionAsync);
    }

    private static async Task<IResult> ListExtensionsAsync(HttpContext context, RegistryQueries registry, CancellationToken cancellationToken) =>
        Results.Ok(new ListResponse<ExtensionSummary>(await registry.ListExtensionsAsync(TenantAccess.Tenant(context), cancellationToken)));

    private static async Task<IResult> ListVersionsAsync(string slug, HttpContext context, RegistryQueries registry, CancellationToken cancellationToken) =>
        Results.Ok(new ListResponse<VersionSummary>(await registry.ListVersionsAsync(TenantAccess.Tenant(context), slug, cancellationToken)));

    private static async Task<IResult> GetVersionAsync(string slug, string version, HttpContext context, RegistryQueries registry, CancellationToken cancellationToken) =>
        Results.Ok(await registry.GetVersionAsync(TenantAccess.Tenant(context), slug, version, cancellationToken));
}
