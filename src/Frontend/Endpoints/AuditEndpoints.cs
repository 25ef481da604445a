using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>A tenant's audit trail, newest first; pass the answer's nextCursor as ?cursor= for older records.</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder tenant) => tenant.MapGet("/audit", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, RegistryQueries registry, string? cursor, int? limit, CancellationToken cancellationToken) =>
        Results.Ok(await registry.ListAuditAsync(TenantAccess.Tenant(context), cursor, limit, cancellationToken));
}
