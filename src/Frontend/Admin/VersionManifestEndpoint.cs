using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Admin;

/// <summary>
/// <c>GET /api/v1/tenants/{tenant}/extensions/{slug}/versions/{version}/manifest</c>: the manifest a
/// version was published with, so an admin can see what it asks for (capabilities, routes, UI)
/// before choosing grants. 404 <c>not_found</c> for a version the tenant does not have.
/// </summary>
public static class VersionManifestEndpoint
{
    public static void Map(RouteGroupBuilder tenant) =>
        tenant.MapGet("/extensions/{slug}/versions/{version}/manifest", async (string slug, string version, HttpContext context,
            IMetadataStore store, CancellationToken cancellationToken) =>
        {
            var tenantRecord = TenantAccess.Tenant(context);
            var found = await store.GetVersionAsync(tenantRecord.Id, slug, version, cancellationToken);
            return found is null
                ? Problem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Tenant '{tenantRecord.Slug}' has no version {version} of '{slug}'.")
                : Results.Text(found.ManifestJson, "application/json; charset=utf-8");
        });
}
