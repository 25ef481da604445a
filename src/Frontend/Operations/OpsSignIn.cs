using System.Net;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// <c>GET /ops/</c>: a sign-in form for the platform admin key; <c>POST /ops/sign-in</c> (form field
/// <c>key</c>) sets the operations cookie and sends the browser to the dashboard (303), or answers 401
/// with the form again; <c>POST /ops/sign-out</c> clears it. The dashboard is at <see cref="DashboardPath"/>.
/// </summary>
public static class OpsSignIn
{
    public const string Prefix = "/ops";
    public const string DashboardPath = Prefix + "/dashboard";
    private const int MaxKeyLength = 512;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/", (HttpContext context) => WritePageAsync(context, StatusCodes.Status200OK, null)).AllowAnonymous();
        app.MapPost(Prefix + "/sign-in", SignInAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(Prefix + "/sign-out", (HttpContext context) =>
        {
            OpsCookieAuthenticationHandler.SignOut(context);
            return Results.Redirect(Prefix + "/", permanent: false, preserveMethod: false);
        }).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task SignInAsync(HttpContext context, ApiKeyAuthenticator authenticator)
    {
        string? key = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            key = form["key"].FirstOrDefault()?.Trim();
        }
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength
            || await authenticator.AuthenticateAsync(key, context.RequestAborted) is not { Role: ApiKeyRole.PlatformAdmin })
        {
            await WritePageAsync(context, StatusCodes.Status401Unauthorized, "That is not the platform admin key.");
            return;
        }
        OpsCookieAuthenticationHandler.SignIn(context, key);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = DashboardPath + "/";
    }

    public static Task WritePageAsync(HttpContext context, int status, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        var notice = message is null ? "" : $"<p role=\"alert\" class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        return context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Operations sign-in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
            input{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}.error{color:#b00020}</style></head>
            <body><h1>Operations</h1>
            <p>The Orleans dashboard (silos, grain activations, call rates and latencies) is for platform operators.</p>
            {{notice}}
            <form method="post" action="{{Prefix}}/sign-in">
            <label for="key">Platform admin key</label>
            <input id="key" name="key" type="password" autocomplete="off" required>
            <button type="submit">Sign in</button>
            </form></body></html>
            """);
    }
}
