using System.Security.Claims;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Auth;

/// <summary>Carries the platform <see cref="Principal"/> through ASP.NET Core's ClaimsPrincipal.</summary>
public static class CallerClaims
{
    private const string KeyIdClaim = "scrm:key_id";
    private const string RoleClaim = "scrm:role";
    private const string TenantIdClaim = "scrm:tenant_id";

    public const string PlatformAdminPolicy = "platform-admin";

    public static IEnumerable<Claim> From(Principal principal)
    {
        yield return new Claim(KeyIdClaim, principal.KeyId.ToString());
        yield return new Claim(RoleClaim, principal.Role.ToString());
        if (principal.TenantId is { } tenantId)
            yield return new Claim(TenantIdClaim, tenantId.ToString());
    }

    /// <summary>The caller of an authenticated request.</summary>
    public static Principal Caller(this HttpContext context)
    {
        if (context.Features.Get<Principal>() is { } authenticated)
            return authenticated; // set by ApiKeyAuthenticationHandler: no need to parse the claims back
        var user = context.User;
        var keyId = user.FindFirst(KeyIdClaim)?.Value
            ?? throw new InvalidOperationException("Caller() used on a route without authentication.");
        var role = Enum.Parse<ApiKeyRole>(user.FindFirst(RoleClaim)!.Value);
        var tenant = user.FindFirst(TenantIdClaim)?.Value;
        return new Principal(Guid.Parse(keyId), role, tenant is null ? null : Guid.Parse(tenant));
    }

    public static void RequirePlatformAdmin(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireAuthenticatedUser().RequireClaim(RoleClaim, nameof(ApiKeyRole.PlatformAdmin));
}
