using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Auth;

/// <summary>
/// Guards every route under /api/v1/tenants/{tenant}: the admin of that tenant and the platform
/// admin may pass; any other key gets 403 forbidden, whether or not the tenant exists (so a key
/// of tenant A cannot even learn which tenants exist). The platform admin gets 404 for an
/// unknown tenant. The resolved tenant is handed to the endpoint through <see cref="Tenant"/>.
/// </summary>
public sealed class TenantAccess(IMetadataStore store) : IEndpointFilter
{
    private const string ItemKey = "scrm:tenant";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var caller = context.Caller();
        var slug = context.GetRouteValue("tenant") as string ?? "";

        var tenant = await store.GetTenantBySlugAsync(slug, context.RequestAborted);
        if (tenant is not null && (caller.IsPlatformAdmin || caller.TenantId == tenant.Id))
        {
            context.Items[ItemKey] = tenant;
            return await next(invocation);
        }
        if (caller.IsPlatformAdmin)
            return Problem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"There is no tenant '{slug}'.");
        return Problem.Result(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"This API key does not belong to tenant '{slug}'.");
    }

    /// <summary>The tenant the request addresses (set by the filter).</summary>
    public static TenantRecord Tenant(HttpContext context) =>
        context.Items[ItemKey] as TenantRecord ?? throw new InvalidOperationException("TenantAccess did not run for this route.");
}
