using System.Text;
using Selegic.Extensions.Frontend.Actions;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Runner.Actions;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// A handler's host calls, in process: the same <see cref="ActionDispatcher"/> as
/// <c>POST /api/actions/{name}</c>, with the token minted for the request, so the handler has
/// exactly its installation's granted capabilities. A fault is logged here, with its exception;
/// the handler only learns that the call failed.
/// </summary>
public sealed class DispatcherActionInvoker(ActionDispatcher dispatcher, ILogger<DispatcherActionInvoker> logger) : IActionInvoker
{
    public async Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken)
    {
        ActionOutcome outcome;
        try
        {
            outcome = await dispatcher.DispatchAsync(call.Token, call.Name, Encoding.UTF8.GetBytes(call.InputJson), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Action {Action} called by a handler failed (request {RequestId})", call.Name, call.RequestId);
            throw;
        }
        if (outcome.Succeeded)
            return ActionResult.Success(outcome.Output?.GetRawText() ?? "null");
        var error = outcome.Error!;
        return ActionResult.Refused(ActionProblems.Status(error.Refusal), error.Code, error.Message);
    }
}
