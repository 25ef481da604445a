using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Auth;

/// <summary>
/// <c>Authorization: Bearer KEY</c>: resolves the key (stored hashed) to its principal, a platform
/// admin or the admin of one tenant. Challenges and refusals are problem documents.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (string.IsNullOrEmpty(Request.Headers.Authorization))
            return AuthenticateResult.NoResult();
        if (BearerCredential.From(Request) is not { } presented)
            return AuthenticateResult.Fail("The Authorization header is not a Bearer key.");
        if (presented.Contains('.'))
            return AuthenticateResult.NoResult(); // a token (header.payload.signature): the routes that take tokens check it themselves
        var principal = await authenticator.AuthenticateAsync(presented, Context.RequestAborted);
        if (principal is null)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");

        Context.Features.Set(principal);
        var identity = new ClaimsIdentity(CallerClaims.From(principal), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Request.Headers.Authorization.Count == 0
            ? "This route needs an API key: send 'Authorization: Bearer KEY'."
            : "The API key is unknown, revoked or not sent as 'Bearer KEY'.";
        return Problem.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            "This API key is not allowed to use this route.");
}
