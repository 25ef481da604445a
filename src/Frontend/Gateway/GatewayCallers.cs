using System.Collections.Concurrent;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>Who calls an extension route, resolved to its tenant and the enabled installation it reaches.</summary>
/// <param name="User">the user handed to the handler and written into the per-request token</param>
/// <param name="Actor">how audit records name the caller (never a credential)</param>
public sealed record GatewayCaller(Guid TenantId, string TenantSlug, InstallationRecord Installation, string User, string Actor)
{
    /// <summary>A tenant API key calling: the handler sees the key as its user, audit names the key.</summary>
    public static GatewayCaller ForTenantKey(Guid tenantId, string tenantSlug, InstallationRecord installation, Principal key) =>
        new(tenantId, tenantSlug, installation, $"tenant-key:{key.KeyId:N}", $"key:{key.KeyId:N}");
}

/// <summary>
/// Resolves the caller of <c>/api/ext/{extension}/...</c>: a tenant API key (already authenticated by
/// <see cref="ApiKeyAuthenticationHandler"/>) or an extension token of that extension (issue 3).
/// Refusals are problem results with stable codes.
/// </summary>
public sealed class GatewayCallers(IMetadataStore store, IInstallationDirectory directory, ITokenValidator tokens)
{
    private const int MaxCachedTenants = 100_000;

    private readonly ConcurrentDictionary<Guid, string> _tenantSlugs = new();

    public async Task<(GatewayCaller? Caller, IResult? Refusal)> ResolveAsync(HttpContext context, string extension, CancellationToken cancellationToken)
    {
        var presented = BearerCredential.From(context.Request);
        if (presented is null)
            return Refuse(StatusCodes.Status401Unauthorized, GatewayCodes.Unauthorized,
                "Extension routes need 'Authorization: Bearer KEY' (a tenant API key) or 'Bearer TOKEN' (an extension token).", context);

        if (context.User.Identity?.IsAuthenticated == true)
            return await FromTenantKeyAsync(context, extension, cancellationToken);

        var validation = await tokens.ValidateAsync(presented, cancellationToken);
        if (!validation.Succeeded)
            return Refuse(StatusCodes.Status401Unauthorized, validation.FailureCode, validation.FailureMessage, context);
        var claims = validation.Claims;
        if (!string.Equals(claims.ExtensionSlug, extension, StringComparison.Ordinal))
            return Refuse(StatusCodes.Status403Forbidden, GatewayCodes.CallerNotAllowed,
                $"This token is for extension '{claims.ExtensionSlug}', not '{extension}'.", context);
        return Checked(new GatewayCaller(claims.TenantId, claims.TenantSlug, validation.Installation, claims.User,
            $"user:{claims.User}/token:{claims.Jti}"));
    }

    private async Task<(GatewayCaller?, IResult?)> FromTenantKeyAsync(HttpContext context, string extension, CancellationToken cancellationToken)
    {
        var principal = context.Caller();
        if (principal.TenantId is not { } tenantId)
            return Refuse(StatusCodes.Status403Forbidden, GatewayCodes.CallerNotAllowed,
                "A platform admin key belongs to no tenant; call extension routes with a tenant key or an extension token.", context);
        var tenantSlug = await TenantSlugAsync(tenantId, cancellationToken);
        var installation = tenantSlug is null ? null : await directory.FindByExtensionAsync(tenantId, extension, cancellationToken);
        if (tenantSlug is null || installation is null)
            return Refuse(StatusCodes.Status404NotFound, GatewayCodes.ExtensionNotInstalled,
                $"This tenant has no installation of '{extension}'.", null);
        return Checked(GatewayCaller.ForTenantKey(tenantId, tenantSlug, installation, principal));
    }

    /// <summary>
    /// The tenant's enabled installation of <paramref name="extension"/> for tenant-scoped routes
    /// (extension actions, UI tickets), or the refusal: 404 extension_not_installed, 403 installation_disabled.
    /// </summary>
    public static async Task<(InstallationRecord? Installation, IResult? Refusal)> EnabledInstallationAsync(
        IInstallationDirectory directory, TenantRecord tenant, string extension, CancellationToken cancellationToken)
    {
        var installation = await directory.FindByExtensionAsync(tenant.Id, extension, cancellationToken);
        if (installation is null)
            return (null, Problem.Result(StatusCodes.Status404NotFound, GatewayCodes.ExtensionNotInstalled, $"Tenant '{tenant.Slug}' has no installation of '{extension}'."));
        if (!installation.Enabled)
            return (null, Problem.Result(StatusCodes.Status403Forbidden, GatewayCodes.InstallationDisabled, $"The installation of '{extension}' is disabled."));
        return (installation, null);
    }

    /// <summary>Tenants are never renamed or removed, so their slugs are remembered (bounded like the other caches).</summary>
    private async ValueTask<string?> TenantSlugAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (_tenantSlugs.TryGetValue(tenantId, out var slug))
            return slug;
        var tenant = await store.GetTenantAsync(tenantId, cancellationToken);
        if (tenant is null)
            return null;
        if (_tenantSlugs.Count >= MaxCachedTenants)
            _tenantSlugs.Clear();
        return _tenantSlugs[tenantId] = tenant.Slug;
    }

    private static (GatewayCaller?, IResult?) Checked(GatewayCaller caller)
    {
        if (!caller.Installation.IsActive)
            return (null, Problem.Result(StatusCodes.Status404NotFound, GatewayCodes.ExtensionNotInstalled,
                $"Extension '{caller.Installation.ExtensionSlug}' is no longer installed."));
        if (!caller.Installation.Enabled)
            return (null, Problem.Result(StatusCodes.Status403Forbidden, GatewayCodes.InstallationDisabled,
                $"The installation of '{caller.Installation.ExtensionSlug}' is disabled; a tenant admin can enable it."));
        return (caller, null);
    }

    private static (GatewayCaller?, IResult?) Refuse(int status, string code, string detail, HttpContext? challenge)
    {
        if (status == StatusCodes.Status401Unauthorized)
            challenge?.Response.Headers.WWWAuthenticate = "Bearer";
        return (null, Problem.Result(status, code, detail));
    }
}
