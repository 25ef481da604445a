using Microsoft.AspNetCore.Mvc;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// Every error the server sends is an RFC 9457 problem document
/// (<c>application/problem+json</c>) carrying a stable machine-readable <c>code</c> member;
/// the title is the code's constant summary from Contracts' ErrorCatalog.
/// </summary>
public static class Problem
{
    /// <summary>A problem with the status the catalog assigns to <paramref name="code"/>.</summary>
    /// <param name="field">for manifest errors, the JSON path of the offending field (the <c>field</c> member)</param>
    public static IResult For(string code, string detail, string? field = null) => Result(ErrorStatus.For(code), code, detail, field);

    public static IResult Result(int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ErrorCatalog.Find(code)?.Title ?? ReasonPhrase(status),
            Detail = detail,
            Type = "about:blank",
            Extensions = { ["code"] = code },
        };
        if (field is not null)
            problem.Extensions["field"] = field;
        return Results.Problem(problem);
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail) =>
        Result(status, code, detail).ExecuteAsync(context);

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
