using Microsoft.AspNetCore.Diagnostics;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// Turns everything that is not an endpoint's own answer into a problem document:
/// exceptions (bad request framing, too-large bodies, bugs) and bodiless status codes
/// produced by the framework (404 unknown route, 405 wrong method).
/// </summary>
public static class ErrorHandling
{
    public static WebApplication UseProblemDocuments(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteExceptionAsync,
            // Mapped exceptions may legitimately answer 404; without this the middleware rethrows.
            AllowStatusCode404Response = true,
            // A request the client got wrong is not a server fault: no error log line for it.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or System.Text.Json.JsonException,
        });
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = WriteStatusCodeAsync });
        return app;
    }

    // The middleware has already logged a fault with its stack trace; the client gets none.
    private static Task WriteExceptionAsync(HttpContext context)
    {
        var (status, code, detail) = ExceptionMapping.Map(context.Features.Get<IExceptionHandlerFeature>()?.Error);
        return Problem.WriteAsync(context, status, code, detail);
    }

    private static Task WriteStatusCodeAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        var (code, detail) = status switch
        {
            404 => (ErrorCodes.NotFound, $"No route matches {context.Request.Path}."),
            405 => (ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}."),
            413 => (ErrorCodes.PayloadTooLarge, "The request body is larger than the server accepts."),
            415 => (ErrorCodes.UnsupportedMediaType, "The request's content type is not accepted on this route."),
            >= 500 => (ErrorCodes.InternalError, "The server failed to process the request."),
            _ => (ErrorCodes.ValidationFailed, "The request could not be processed."),
        };
        return Problem.WriteAsync(context, status, code, detail);
    }
}
