using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>A tenant's installations (routes in docs/api.md, "Installations and tokens"). Secrets are write-only.</summary>
public static class InstallationEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapPost("/installations", InstallAsync);
        tenant.MapGet("/installations", ListAsync);
        var installations = tenant.MapGroup("/installations");
        installations.MapGet("/{id:guid}", GetAsync);
        installations.MapPost("/{id:guid}/enable", (Guid id, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.EnableAsync(TenantAccess.Tenant(context), id, context.Caller().ActorName, ct)));
        installations.MapPost("/{id:guid}/disable", (Guid id, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.DisableAsync(TenantAccess.Tenant(context), id, context.Caller().ActorName, ct)));
        installations.MapPut("/{id:guid}/version", (Guid id, ChangeVersionRequest? request, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.ChangeVersionAsync(TenantAccess.Tenant(context), id, request, context.Caller().ActorName, ct)));
        installations.MapPut("/{id:guid}/grants", (Guid id, ChangeGrantsRequest? request, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.ChangeGrantsAsync(TenantAccess.Tenant(context), id, request, context.Caller().ActorName, ct)));
        installations.MapPut("/{id:guid}/config", (Guid id, SetConfigRequest? request, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.SetConfigAsync(TenantAccess.Tenant(context), id, request, context.Caller().ActorName, ct)));
        installations.MapPut("/{id:guid}/secrets", (Guid id, SetSecretsRequest? request, HttpContext context, InstallationService service, CancellationToken ct) =>
            Answer(service.SetSecretsAsync(TenantAccess.Tenant(context), id, request, context.Caller().ActorName, ct)));
        installations.MapDelete("/{id:guid}", UninstallAsync);
    }

    private static async Task<IResult> InstallAsync(CreateInstallationRequest? request, HttpContext context, InstallationService service, CancellationToken cancellationToken)
    {
        var tenant = TenantAccess.Tenant(context);
        var created = await service.InstallAsync(tenant, request, context.Caller().ActorName, cancellationToken);
        return Results.Created($"/api/v1/tenants/{tenant.Slug}/installations/{created.Id}", InstallationService.ToDto(created));
    }

    private static async Task<IResult> ListAsync(HttpContext context, InstallationService service, CancellationToken cancellationToken) =>
        Results.Ok(new ListResponse<InstallationDto>(
            (await service.ListAsync(TenantAccess.Tenant(context), cancellationToken)).Select(InstallationService.ToDto).ToList()));

    private static async Task<IResult> GetAsync(Guid id, HttpContext context, InstallationService service, CancellationToken cancellationToken) =>
        Results.Ok(InstallationService.ToDto(await service.GetAsync(TenantAccess.Tenant(context), id, cancellationToken)));

    private static async Task<IResult> UninstallAsync(Guid id, HttpContext context, InstallationService service, CancellationToken cancellationToken)
    {
        await service.UninstallAsync(TenantAccess.Tenant(context), id, context.Caller().ActorName, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> Answer(Task<InstallationRecord> change) => Results.Ok(InstallationService.ToDto(await change));
}
