using System.Collections.Concurrent;
using System.Text.Json;
using Selegic.Extensions.Runner.Actions;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>
/// Test double of the Action API dispatcher (built by another part of the project; its seam is
/// <see cref="IActionInvoker"/>). Records every call. storage.put answers {"stored":key};
/// anything under "denied." is refused with 403 capability_not_granted; "test.hang" never
/// answers until cancelled; everything else is 404 action_not_found.
/// </summary>
public sealed class ActionInvokerTestDouble : IActionInvoker
{
    public ConcurrentQueue<ActionCall> Calls { get; } = new();

    public async Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        if (call.Name == "test.hang")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (call.Name == "storage.put")
        {
            using var input = JsonDocument.Parse(call.InputJson);
            var key = input.RootElement.GetProperty("key").GetString();
            return ActionResult.Success(JsonSerializer.Serialize(new { stored = key }));
        }
        if (call.Name.StartsWith("denied.", StringComparison.Ordinal))
            return ActionResult.Refused(403, "capability_not_granted", $"{call.Name} needs a capability the installation lacks");
        return ActionResult.Refused(404, "action_not_found", $"no action {call.Name}");
    }
}
