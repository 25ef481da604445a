using Microsoft.AspNetCore.Http.HttpResults;
using Selegic.Extensions.Frontend.Problems;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// Hands the status and error code an endpoint answers with to <paramref name="record"/> (code null
/// on success): from the result (its status; a problem document's <c>code</c>) or from the
/// exception it threw (as <see cref="ExceptionMapping"/> maps it; the exception goes on). Lets a
/// meter count outcomes without the endpoint or the control plane knowing about it.
/// </summary>
public sealed class OutcomeFilter(Action<int, string?> record) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        object? result;
        try
        {
            result = await next(invocation);
        }
        catch (Exception failure) when (!invocation.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var (status, code, _) = ExceptionMapping.Map(failure);
            record(status, code);
            throw;
        }
        var (answered, answeredCode) = Outcome(result);
        record(answered, answeredCode);
        return result;
    }

    public static (int Status, string? Code) Outcome(object? result) => result switch
    {
        ProblemHttpResult problem => (problem.StatusCode, problem.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code as string : null),
        IStatusCodeHttpResult { StatusCode: { } status } => (status, null),
        _ => (StatusCodes.Status200OK, null),
    };
}

public static class OutcomeFilterExtensions
{
    /// <summary>Records every answer of these endpoints with <paramref name="record"/> (status, code or null).</summary>
    public static TBuilder RecordOutcomes<TBuilder>(this TBuilder builder, Action<IServiceProvider, int, string?> record)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            var filter = new OutcomeFilter((status, code) => record(services, status, code));
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
