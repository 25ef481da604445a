using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Actions;

/// <summary>
/// The Action API over HTTP: <c>POST /api/actions/{name}</c> (extension token) hands the body to the
/// <see cref="ActionDispatcher"/> and turns its outcome into JSON or a problem document;
/// <c>GET /api/actions</c> lists the catalog. Nothing is decided here.
/// </summary>
public static class ActionEndpoints
{

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/actions/{name}", DispatchAsync).AllowAnonymous();
        app.MapGet("/api/actions", CatalogAsync).AllowAnonymous();
    }

    private static async Task<IResult> DispatchAsync(string name, HttpContext context, ActionDispatcher dispatcher, ActionOptions options,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, options.MaxInputBytes, cancellationToken);
        var outcome = await dispatcher.DispatchAsync(BearerCredential.From(context.Request), name, body, cancellationToken);
        return outcome.Succeeded
            ? Results.Json(outcome.Output, contentType: "application/json")
            : ActionProblems.From(outcome.Error!, context);
    }

    /// <summary>
    /// Built-ins for everyone; with an extension token, plus its tenant's host actions; with a tenant
    /// API key, plus that tenant's. A credential that is neither is refused like a bad token.
    /// </summary>
    private static async Task<IResult> CatalogAsync(HttpContext context, ActionCatalog catalog, ITokenValidator tokens, CancellationToken cancellationToken)
    {
        IEnumerable<ActionDefinition> actions = catalog.BuiltIns;
        if (context.User.Identity?.IsAuthenticated == true && context.Caller().TenantId is { } keyTenant)
        {
            actions = await catalog.ListAsync(keyTenant, cancellationToken);
        }
        else if (BearerCredential.From(context.Request) is { } token && !(context.User.Identity?.IsAuthenticated ?? false))
        {
            var validation = await tokens.ValidateAsync(token, cancellationToken);
            if (!validation.Succeeded)
                return ActionProblems.From(new ActionError(ActionRefusal.Unauthenticated, validation.FailureCode, validation.FailureMessage), context);
            actions = await catalog.ListAsync(validation.Claims.TenantId, cancellationToken);
        }
        var entries = actions.Select(a => new ActionCatalogEntry(a.Name, a.Description, a.Capability,
            a.Source == ActionSource.BuiltIn ? "builtIn" : "host", a.Mutating, a.Input.Source)).ToList();
        return Results.Ok(new ActionCatalogResponse(entries));
    }

    /// <summary>The body, read up to one byte past the cap (the dispatcher refuses oversize input with its own code).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
                break;
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
