using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Gateway;
using Selegic.Extensions.Frontend.Problems;

namespace Selegic.Extensions.Frontend.Assets;

/// <summary>
/// Keeps extension UI code away from the platform's origin. Every <c>/ext-ui</c> response (files
/// and refusals alike) carries a CSP with <c>sandbox</c> and without <c>allow-same-origin</c>: the
/// browser gives the page an opaque origin however it is opened (in the host's iframe, by a link,
/// by <c>window.open</c>), so it can read no storage, cookies or window of /admin/. With
/// <see cref="ExtensionUiOrigin"/> set, <c>/ext-ui</c> answers only on that origin, and that origin
/// answers nothing else but the probes.
/// </summary>
public static class ExtensionUiIsolation
{
    /// <summary>What the iframe needs (its own scripts and forms); popups, top navigation, downloads and same-origin stay off.</summary>
    private const string SandboxFlags = "allow-scripts allow-forms";

    private static readonly string[] ProbePaths = ["/healthz", "/readyz"];

    /// <summary>
    /// Scripts, styles, images and fonts from the bundle only; no plugins, form targets, base or
    /// outside connections; framed only by the host; always sandboxed.
    /// </summary>
    private static string ContentSecurityPolicy(string? hostOrigin) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
        $"form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors {(string.IsNullOrWhiteSpace(hostOrigin) ? "'self'" : hostOrigin)}; " +
        $"sandbox {SandboxFlags}";

    public static IApplicationBuilder UseExtensionUiIsolation(this IApplicationBuilder app)
    {
        var origin = app.ApplicationServices.GetRequiredService<ExtensionUiOrigin>();
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<GatewayOptions>().HostOrigin);
        return app.Use((context, next) =>
        {
            var request = context.Request;
            var uiPath = request.Path.StartsWithSegments(AssetEndpoints.Prefix);
            if (uiPath)
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            }
            if (origin.Value is null || uiPath == origin.IsUiHost(request) || ProbePaths.Contains(request.Path.Value))
                return next(context);
            return Problem.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, uiPath
                ? $"Extension UI files are served on {origin.Value} only ({ExtensionUiOrigin.Variable})."
                : $"{origin.Value} serves extension UI files only ({AssetEndpoints.Prefix}/...).");
        });
    }
}
