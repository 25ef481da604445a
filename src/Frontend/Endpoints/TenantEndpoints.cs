using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Creating tenants (platform admin) and a tenant's settings (its admin or the platform admin).</summary>
public static class TenantEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RouteGroupBuilder tenant)
    {
        api.MapPost("/tenants", CreateAsync).RequireAuthorization(CallerClaims.PlatformAdminPolicy);
        tenant.MapGet("/settings", (HttpContext context) =>
            Results.Ok(new TenantSettingsDto(TenantAccess.Tenant(context).Settings.RequireSignatures)));
        tenant.MapPut("/settings", UpdateSettingsAsync);
    }

    private static async Task<IResult> CreateAsync(CreateTenantRequest? request, TenantService tenants, CancellationToken cancellationToken)
    {
        var created = await tenants.CreateTenantAsync(request?.Slug ?? "", cancellationToken);
        return Results.Created($"/api/v1/tenants/{created.Tenant.Slug}", new TenantCreatedResponse(created.Tenant.Slug, created.ApiKey));
    }

    private static async Task<IResult> UpdateSettingsAsync(TenantSettingsDto settings, HttpContext context, TenantService tenants, CancellationToken cancellationToken)
    {
        var updated = await tenants.SetRequireSignaturesAsync(TenantAccess.Tenant(context).Id, settings.RequireSignatures, cancellationToken);
        return Results.Ok(new TenantSettingsDto(updated.RequireSignatures));
    }
}
