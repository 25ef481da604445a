using System.Diagnostics;
using Selegic.Extensions.Frontend.Operations;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// <c>GET|POST|PUT|PATCH|DELETE /api/ext/{extension}/{**path}</c>: caller -> enabled installation ->
/// declared route -> handler in the sandbox -> allow-listed response. See docs/api.md, "Gateway".
/// </summary>
public static class GatewayEndpoints
{
    public const string Prefix = "/api/ext";
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(Prefix + "/{extension}/{**path}", Methods, CallAsync).AllowAnonymous()
            .RecordOutcomes((services, status, code) => services.GetRequiredService<GatewayMetrics>().Request("route", status, code));
    }

    private static async Task<IResult> CallAsync(string extension, string? path, HttpContext context,
        GatewayCallers callers, InstalledManifests manifests, HandlerInvocation invocation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (caller, refusal) = await callers.ResolveAsync(context, extension, cancellationToken);
        if (caller is null)
            return refusal!;

        var method = context.Request.Method;
        var routePath = "/" + (path ?? "");
        var target = $"{extension} {method} {routePath}";
        var (result, status, code, cold) = await RunAsync(caller, method, routePath, context, manifests, invocation, cancellationToken);
        invocation.Finish("route", caller, target, status, code, started, cold);
        return result;
    }

    private static async Task<(IResult Result, int Status, string? Code, bool Cold)> RunAsync(GatewayCaller caller, string method, string routePath,
        HttpContext context, InstalledManifests manifests, HandlerInvocation invocation, CancellationToken cancellationToken)
    {
        var manifest = await manifests.GetAsync(caller.Installation, cancellationToken);
        if (manifest?.Handler is null)
            return Refused(StatusCodes.Status404NotFound, GatewayCodes.NoHandler, $"Version {caller.Installation.Version} of '{caller.Installation.ExtensionSlug}' has no handler.");

        IReadOnlyDictionary<string, string>? parameters = null;
        foreach (var endpoint in manifest.Endpoints)
            if (endpoint.TryMatch(method, routePath, out var captured)) { parameters = captured; break; }
        if (parameters is null)
            return Refused(StatusCodes.Status404NotFound, GatewayCodes.RouteNotDeclared,
                $"'{caller.Installation.ExtensionSlug}' declares no route {method} {Clip(routePath)} (manifest api.endpoints).");

        var maxBytes = invocation.Options.MaxRequestBytes;
        var body = await HandlerInvocation.ReadBodyAsync(context.Request, maxBytes, cancellationToken);
        if (body is null)
            return (HandlerInvocation.TooLarge(maxBytes), StatusCodes.Status413PayloadTooLarge, GatewayCodes.RequestTooLarge, false);

        var response = await invocation.ExecuteAsync(caller, new ExecuteRequest
        {
            Module = null!, // set by HandlerInvocation
            Method = method,
            Path = routePath,
            Query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "",
            RouteParameters = parameters,
            Headers = HeaderPolicy.SelectRequestHeaders(context.Request.Headers),
            Body = body,
            RequestId = context.TraceIdentifier,
        }, cancellationToken);

        if (!response.Succeeded)
            return (HandlerInvocation.Failure(response), HandlerInvocation.FailureStatus(response), response.Code, response.Statistics.CompiledModule);
        return (new HandlerResult(response), response.Status, null, response.Statistics.CompiledModule);
    }

    private static (IResult, int, string?, bool) Refused(int status, string code, string detail) =>
        (Problem.Result(status, code, detail), status, code, false);

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "...";

    /// <summary>The handler's answer: its status and body, only allow-listed headers, never sniffed.</summary>
    private sealed class HandlerResult(ExecuteResponse response) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => response.Status;

        public Task ExecuteAsync(HttpContext context)
        {
            var http = context.Response;
            http.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers)
                if (HeaderPolicy.ReturnsResponse(name))
                    http.Headers[name] = value;
            http.Headers.XContentTypeOptions = "nosniff";
            if (response.Body.Length == 0 || response.Status is 204 or 304)
                return Task.CompletedTask;
            http.ContentLength = response.Body.Length;
            return http.Body.WriteAsync(response.Body).AsTask();
        }
    }
}
