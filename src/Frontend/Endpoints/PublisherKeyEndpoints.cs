using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Public keys whose signatures a tenant accepts on publish.</summary>
public static class PublisherKeyEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapPost("/publisher-keys", AddAsync);
        tenant.MapGet("/publisher-keys", ListAsync);
    }

    private static async Task<IResult> AddAsync(AddPublisherKeyRequest? request, HttpContext context, PublisherKeys keys, CancellationToken cancellationToken)
    {
        var tenant = TenantAccess.Tenant(context);
        var added = await keys.AddAsync(tenant, request?.PublicKeyPem, context.Caller().ActorName, cancellationToken);
        return Results.Created($"/api/v1/tenants/{tenant.Slug}/publisher-keys/{added.KeyId}", added);
    }

    private static async Task<IResult> ListAsync(HttpContext context, PublisherKeys keys, CancellationToken cancellationToken) =>
        Results.Ok(new ListResponse<PublisherKeyDto>(await keys.ListAsync(TenantAccess.Tenant(context), cancellationToken)));
}
