using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// The operations pages' sign-in: the cookie <see cref="CookieName"/> (Path /ops, HttpOnly,
/// SameSite=Strict, Secure on https) carries the platform admin key itself, checked on every request
/// like a bearer key (<see cref="ApiKeyAuthenticator"/>, remembered 10 s). Nothing is kept on the
/// server, so every node accepts it and a rotated admin key ends every session within 10 s.
/// Anything but the platform admin key is 401.
/// </summary>
public sealed class OpsCookieAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OpsCookie";
    public const string CookieName = "scrm_ops";
    public const string PolicyName = "ops-dashboard";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var key) || string.IsNullOrEmpty(key))
            return AuthenticateResult.NoResult();
        if (await authenticator.AuthenticateAsync(key, Context.RequestAborted) is not { Role: ApiKeyRole.PlatformAdmin } principal)
            return AuthenticateResult.Fail("The operations cookie does not hold the platform admin key.");
        var identity = new ClaimsIdentity(CallerClaims.From(principal), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Cookie realm=\"ops\"";
        if (Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            return OpsSignIn.WritePageAsync(Context, StatusCodes.Status401Unauthorized, "Sign in with the platform admin key to open the dashboard.");
        return Problem.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "The operations dashboard needs a sign-in with the platform admin key at /ops/.");
    }

    /// <summary>Sets the cookie for a key already checked to be the platform admin key.</summary>
    public static void SignIn(HttpContext context, string key) =>
        context.Response.Cookies.Append(CookieName, key, CookieOptionsFor(context, DateTimeOffset.UtcNow + SessionLifetime));

    public static void SignOut(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, CookieOptionsFor(context, null));

    private static CookieOptions CookieOptionsFor(HttpContext context, DateTimeOffset? expires) => new()
    {
        Path = OpsSignIn.Prefix,
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Expires = expires,
        IsEssential = true,
    };

    public static void RequireOpsAdmin(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy)
    {
        policy.AddAuthenticationSchemes(SchemeName);
        CallerClaims.RequirePlatformAdmin(policy);
    }
}
