using Microsoft.AspNetCore.Mvc;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// Every error the server sends is an RFC 9457 problem document
/// (<c>application/problem+json</c>) carrying a stable machine-readable <c>code</c> member.
/// </summary>
public static class Problem
{
    public static IResult Result(int status, string code, string detail) =>
        Results.Problem(Document(status, code, detail));

    public static Task WriteAsync(HttpContext context, int status, string code, string detail) =>
        Result(status, code, detail).ExecuteAsync(context);

    private static ProblemDetails Document(int status, string code, string detail) => new()
    {
        Status = status,
        Title = TitleFor(status),
        Detail = detail,
        Type = "about:blank",
        Extensions = { ["code"] = code },
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };
}
