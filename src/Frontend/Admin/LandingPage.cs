namespace Selegic.Extensions.Frontend.Admin;

/// <summary>
/// <c>GET /</c>: a fixed page pointing people who open the server in a browser to the admin page,
/// the API and its documentation. It says nothing about this server (no version, tenants or keys).
/// </summary>
public static class LandingPage
{
    public const string ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Selegic CRM extension platform</title></head>
        <body>
          <h1>Selegic CRM extension platform</h1>
          <p>Tenant admins: sign in on the <a href="/admin/">admin page</a>.</p>
          <p>The REST API is under <code>/api/v1/</code> (<code>Authorization: Bearer KEY</code>), the extension
          gateway under <code>/api/ext/</code>. Documentation: <code>docs/api.md</code>, <code>docs/configuration.md</code>
          and <code>docs/runbook.md</code> in the platform's repository.</p>
          <p>Probes: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>.</p>
        </body>
        </html>
        """;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/", (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            return Results.Content(Html, "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
}
