using System.Text;
using Selegic.Extensions.Frontend.Actions;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Runner.Actions;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// A handler's host calls, in process: the same <see cref="ActionDispatcher"/> as
/// <c>POST /api/actions/{name}</c>, with the token minted for the request, so the handler has
/// exactly its installation's granted capabilities.
/// </summary>
public sealed class DispatcherActionInvoker(ActionDispatcher dispatcher) : IActionInvoker
{
    public async Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken)
    {
        var outcome = await dispatcher.DispatchAsync(call.Token, call.Name, Encoding.UTF8.GetBytes(call.InputJson), cancellationToken);
        if (outcome.Succeeded)
            return ActionResult.Success(outcome.Output?.GetRawText() ?? "null");
        var error = outcome.Error!;
        return ActionResult.Refused(ActionProblems.Status(error.Refusal), error.Code, error.Message);
    }
}
