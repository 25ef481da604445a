using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Actions;

namespace Selegic.Extensions.Frontend.Actions;

/// <summary>Action API refusals as problem documents: status by refusal kind, plus <c>pointer</c> and Retry-After.</summary>
public static class ActionProblems
{
    public static int Status(ActionRefusal refusal) => refusal switch
    {
        ActionRefusal.BadInput => StatusCodes.Status400BadRequest,
        ActionRefusal.Unauthenticated => StatusCodes.Status401Unauthorized,
        ActionRefusal.Forbidden => StatusCodes.Status403Forbidden,
        ActionRefusal.NotFound => StatusCodes.Status404NotFound,
        ActionRefusal.Conflict => StatusCodes.Status409Conflict,
        ActionRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ActionRefusal.RateLimited => StatusCodes.Status429TooManyRequests,
        ActionRefusal.Upstream => StatusCodes.Status502BadGateway,
        ActionRefusal.UpstreamTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult From(ActionError error, HttpContext context)
    {
        if (error.RetryAfter is { } retryAfter)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (error.Refusal == ActionRefusal.Unauthenticated)
            context.Response.Headers.WWWAuthenticate = "Bearer";
        var result = Problem.Result(Status(error.Refusal), error.Code, error.Message);
        if (error.Pointer is null)
            return result;
        // Input refusals name the offending value with an RFC 6901 pointer into the input.
        var problem = ((ProblemHttpResult)result).ProblemDetails;
        problem.Extensions["pointer"] = error.Pointer;
        return result;
    }

    /// <summary>A refusal of the management routes (host actions, logs); the pointer names the request field.</summary>
    public static IResult From(ActionException refusal) =>
        Problem.Result(Status(refusal.Refusal), refusal.Code, refusal.Message, refusal.Pointer);
}
