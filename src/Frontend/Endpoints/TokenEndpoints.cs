using Microsoft.Net.Http.Headers;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Operations;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Minting and revoking extension tokens (tenant key), and the token self-check an extension can call with its token.</summary>
public static class TokenEndpoints
{
    public const string SelfCheckRoute = "/api/extension-token";

    public static void Map(WebApplication app, RouteGroupBuilder tenant)
    {
        tenant.MapPost("/installations/{id:guid}/tokens", MintAsync);
        var tokens = tenant.MapGroup("/installations/{id:guid}/tokens");
        tokens.MapPost("/revoke", RevokeAsync)
            .RecordOutcomes((services, status, code) => services.GetRequiredService<ControlPlaneMetrics>().Revocation("token", status, code));
        tokens.MapPost("/revoke-all", RevokeAllAsync)
            .RecordOutcomes((services, status, code) => services.GetRequiredService<ControlPlaneMetrics>().Revocation("all", status, code));
        app.MapGet(SelfCheckRoute, SelfCheckAsync);
    }

    private static async Task<IResult> MintAsync(Guid id, MintTokenRequest? request, HttpContext context, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var minted = await issuer.MintAsync(TenantAccess.Tenant(context), id, request?.User, request?.TtlSeconds, cancellationToken);
        return Results.Ok(new MintedTokenResponse(minted.Token, minted.Jti, minted.ExpiresAt));
    }

    private static async Task<IResult> RevokeAsync(Guid id, RevokeTokenRequest? request, HttpContext context, InstallationService service, CancellationToken cancellationToken)
    {
        var installation = await service.RevokeTokenAsync(TenantAccess.Tenant(context), id, request?.Jti, context.Caller().ActorName, cancellationToken);
        return Results.Ok(new RevocationResponse(installation.Id, installation.Epoch, request?.Jti));
    }

    private static async Task<IResult> RevokeAllAsync(Guid id, HttpContext context, InstallationService service, CancellationToken cancellationToken)
    {
        var installation = await service.RevokeAllTokensAsync(TenantAccess.Tenant(context), id, context.Caller().ActorName, cancellationToken);
        return Results.Ok(new RevocationResponse(installation.Id, installation.Epoch, null));
    }

    /// <summary>
    /// <c>GET /api/extension-token</c> with <c>Authorization: Bearer TOKEN</c>: what the token allows,
    /// or 401 with the refusal's code, exactly as the Action API would judge it on this node.
    /// </summary>
    private static async Task<IResult> SelfCheckAsync(HttpContext context, ITokenValidator validator, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(BearerCredential.From(context.Request), cancellationToken);
        if (!result.Succeeded)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
            return Problem.For(result.FailureCode, result.FailureMessage);
        }
        var claims = result.Claims;
        return Results.Ok(new
        {
            tenant = claims.TenantSlug,
            extension = claims.ExtensionSlug,
            installation = claims.InstallationId,
            version = claims.Version,
            contentHash = claims.ContentHash,
            capabilities = claims.Capabilities,
            user = claims.User,
            jti = claims.Jti,
            expiresAt = claims.ExpiresAt,
        });
    }
}
