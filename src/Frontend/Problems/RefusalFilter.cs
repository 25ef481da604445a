using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// Turns the control plane's refusals (bad input, conflicts, missing things) into problem documents
/// inside the endpoint, so they are answered without being logged as unhandled exceptions.
/// Anything else still reaches the exception handler (500 internal_error, logged).
/// </summary>
public sealed class RefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (BundleException refusal)
        {
            return Problem.For(refusal.Code, refusal.Message, refusal.Field);
        }
        catch (PlatformException refusal) when (ExceptionMapping.Map(refusal).Status < 500)
        {
            return Problem.For(refusal.Code, refusal.Message);
        }
    }
}
