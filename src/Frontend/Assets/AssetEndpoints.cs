using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Gateway;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Frontend.Assets;

/// <summary>
/// The answer to a ticket request: the entry page's URL with the ticket as a query, the ticket alone,
/// and the URL to frame (the ticket as a path prefix, which the UI's relative URLs keep). Both URLs
/// are on EXTENSION_UI_ORIGIN when it is set, else relative to this server.
/// </summary>
public sealed record AssetTicketResponse(string Url, string Ticket, DateTimeOffset ExpiresAt, string FrameUrl);

/// <summary>
/// Extension UI files. <c>POST /api/v1/tenants/{tenant}/extensions/{slug}/ui-ticket</c> (tenant key)
/// issues a short-lived asset ticket for the tenant's enabled installation; <c>GET
/// /ext-ui/{extension}/{contentHash}/{**path}</c> serves the files <see cref="UiFolder"/> allows to
/// a valid ticket (query <c>ticket</c>, or the cookie the entry page's answer set) while that
/// installation is enabled on that version. Anything else is 404, so nothing leaks which bundles exist.
/// </summary>
public static class AssetEndpoints
{
    public const string Prefix = "/ext-ui";
    public const string TicketQuery = "ticket";
    public const string TicketCookie = "scrm_ui_ticket";
    public const string PathTicketPrefix = "_t/";
    public const string CacheControl = "public, max-age=31536000, immutable";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder tenant)
    {
        tenant.MapPost("/extensions/{slug}/ui-ticket", IssueAsync);
        app.MapGet(Prefix + "/{extension}/{contentHash}/{**path}", ServeAsync).AllowAnonymous();
    }

    private static async Task<IResult> IssueAsync(string slug, HttpContext context, IInstallationDirectory directory,
        InstalledManifests manifests, AssetTicket tickets, GatewayOptions options, ExtensionUiOrigin uiOrigin, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tenant = TenantAccess.Tenant(context);
        var (installation, notEnabled) = await GatewayCallers.EnabledInstallationAsync(directory, tenant, slug, cancellationToken);
        if (installation is null)
            return notEnabled!;
        var manifest = await manifests.GetAsync(installation, cancellationToken);
        if (manifest?.Ui is null)
            return Problem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Version {installation.Version} of '{slug}' has no UI.");

        var grant = new AssetGrant(tenant.Id, slug, installation.ContentHash, time.GetUtcNow().AddSeconds(options.AssetTicketTtlSeconds));
        var ticket = tickets.Issue(grant);
        var entry = manifest.Ui.Entry[UiFolder.Of(manifest.Ui).Length..];
        var files = $"{Prefix}/{slug}/{installation.ContentHash}/";
        return Results.Ok(new AssetTicketResponse(
            uiOrigin.Url($"{files}{entry}?{TicketQuery}={Uri.EscapeDataString(ticket)}"),
            ticket,
            DateTimeOffset.FromUnixTimeSeconds(grant.ExpiresAt.ToUnixTimeSeconds()),
            uiOrigin.Url($"{files}{PathTicketPrefix}{ticket}/{entry}")));
    }

    private static async Task<IResult> ServeAsync(string extension, string contentHash, string? path, HttpContext context,
        AssetTicket tickets, IInstallationDirectory directory, UiBundles bundles, CancellationToken cancellationToken)
    {
        var fromQuery = context.Request.Query[TicketQuery].ToString();
        var ticket = fromQuery.Length > 0 ? fromQuery : context.Request.Cookies[TicketCookie];
        if (TicketInPath(ref path) is { } fromPath)
            ticket = fromPath;
        var grant = tickets.Verify(ticket);
        if (grant is null || grant.Extension != extension || grant.ContentHash != contentHash)
            return NotFound();
        var installation = await directory.FindByExtensionAsync(grant.TenantId, extension, cancellationToken);
        if (installation is not { Enabled: true } || installation.ContentHash != contentHash)
            return NotFound();

        var bundle = await bundles.GetAsync(grant.TenantId, contentHash, cancellationToken);
        if (bundle?.Manifest.Ui is not { } ui)
            return NotFound();
        var folder = UiFolder.Of(ui);
        var relative = string.IsNullOrEmpty(path) ? ui.Entry[folder.Length..] : path;
        if (!IsPlainRelativePath(relative) || !UiFolder.MayServe(folder + relative) || !bundle.Files.TryGetValue(folder + relative, out var content))
            return NotFound();

        // The sandbox policy, nosniff and no-referrer are on every /ext-ui answer (ExtensionUiIsolation).
        var headers = context.Response.Headers;
        var etag = $"\"{contentHash.Replace(':', '-')}\"";
        headers.ETag = etag;
        headers.CacheControl = CacheControl;
        if (fromQuery.Length > 0)
            SetTicketCookie(context, extension, contentHash, ticket!, grant.ExpiresAt);
        if (MatchesEtag(context.Request.Headers.IfNoneMatch, etag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(content, ContentType(relative));
    }

    /// <summary>
    /// The entry page sets the ticket as a cookie scoped to this bundle's path, so the files it loads
    /// by relative URL are authorized too. SameSite=None and Partitioned because a sandboxed iframe
    /// (no allow-same-origin) makes its requests from an opaque origin; browsers accept Secure cookies
    /// on http://localhost and 127.0.0.1.
    /// </summary>
    private static void SetTicketCookie(HttpContext context, string extension, string contentHash, string ticket, DateTimeOffset expires) =>
        context.Response.Cookies.Append(TicketCookie, ticket, new CookieOptions
        {
            Path = $"{Prefix}/{extension}/{contentHash}/",
            HttpOnly = true,
            Secure = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.None,
            Extensions = { "Partitioned" },
            Expires = expires,
        });

    /// <summary>
    /// The ticket as a leading path segment pair, <c>_t/{ticket}/{file}</c>: relative URLs in the UI
    /// then carry the ticket by themselves. A sandboxed iframe has an opaque origin, so browsers treat
    /// its subresource requests as cross-site and may withhold the ticket cookie (third-party cookie
    /// blocking, partition keys); the path form works without cookies. Strips the prefix from <paramref name="path"/>.
    /// </summary>
    private static string? TicketInPath(ref string? path)
    {
        if (path is null || !path.StartsWith(PathTicketPrefix, StringComparison.Ordinal))
            return null;
        var end = path.IndexOf('/', PathTicketPrefix.Length);
        if (end <= PathTicketPrefix.Length)
            return null;
        var ticket = path[PathTicketPrefix.Length..end];
        path = path[(end + 1)..];
        return ticket;
    }

    /// <summary>No empty, "." or ".." segments, backslashes or control characters: the path can only name a file under the UI directory.</summary>
    private static bool IsPlainRelativePath(string path) =>
        path.Length is > 0 and <= 1024 && !path.Contains('\\') && !path.Any(char.IsControl)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    private static bool MatchesEtag(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag, StringComparison.Ordinal));

    private static string ContentType(string path)
    {
        var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml"
            ? type + "; charset=utf-8"
            : type;
    }

    private static IResult NotFound() =>
        Problem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such extension UI file for this ticket.");
}
