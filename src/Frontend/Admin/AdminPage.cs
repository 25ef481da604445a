using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Assets;
using Selegic.Extensions.Frontend.Problems;

namespace Selegic.Extensions.Frontend.Admin;

/// <summary>
/// The tenant admin page at <c>/admin/</c>: static files embedded in this assembly (Admin/wwwroot,
/// plus the host half of the iframe bridge from sdk/iframe as <c>scrm-iframe.js</c>). The page
/// signs in with a tenant key it keeps in the browser tab's sessionStorage and only calls the
/// public API, so it needs no server state of its own.
/// </summary>
public static class AdminPage
{
    public const string Prefix = "/admin";
    private const string ResourcePrefix = "admin/";

    /// <summary>Scripts and styles from this origin only, frames from this origin or the UI origin; the page itself may not be framed.</summary>
    public static string ContentSecurityPolicy(string? uiOrigin) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        $"frame-src {(uiOrigin is null ? "'self'" : uiOrigin)}; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, byte[]> Files = LoadFiles();
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ServiceProvider.GetRequiredService<ExtensionUiOrigin>().Value);
        app.MapGet(Prefix + "/{**path}", (string? path, HttpContext context) => Serve(path, context, policy)).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Serve(string? path, HttpContext context, string contentSecurityPolicy)
    {
        // "/admin" -> "/admin/", so the page's relative URLs resolve under /admin/
        if (string.IsNullOrEmpty(path) && !(context.Request.Path.Value ?? "").EndsWith('/'))
            return Results.Redirect(Prefix + "/");
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!Files.TryGetValue(name, out var content))
            return Problem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such admin page file.");
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return Results.Bytes(content, type.StartsWith("text/", StringComparison.Ordinal) || type == "application/javascript" ? type + "; charset=utf-8" : type);
    }

    private static FrozenDictionary<string, byte[]> LoadFiles()
    {
        var assembly = typeof(AdminPage).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[ResourcePrefix.Length..]] = buffer.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
