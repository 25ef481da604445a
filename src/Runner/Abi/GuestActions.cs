using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>
/// The host side of a guest's action call, shared by both guest ABIs (<c>wasm@1</c>'s
/// <c>scrm.action_call</c> and <c>wasm-js@1</c>'s <c>actions.call</c>): the Runner's own refusals
/// (call limit, name, input size and shape), then the invoker with the request's token, bounded by
/// the execution's deadline. Runs on the execution's thread inside a wasm call and blocks it on the
/// invoker's task, which runs on the thread pool, so it cannot deadlock. The answer's output is
/// checked to be JSON here, so both ABIs hand the guest the same result.
/// </summary>
internal sealed partial class GuestActions(
    ExecuteRequest request, EffectiveLimits limits, IActionInvoker invoker, DateTime deadlineUtc, CancellationToken cancellationToken)
{
    public const int MaxActionCalls = 64;
    private const int MaxActionNameBytes = 128;

    private string? _actionToken;

    public int Calls { get; private set; }

    /// <summary>One call: <paramref name="nameBytes"/> and <paramref name="input"/> as the guest passed them (UTF-8).</summary>
    public ActionResult Call(ReadOnlySpan<byte> nameBytes, ReadOnlySpan<byte> input)
    {
        var name = nameBytes.Length <= MaxActionNameBytes && System.Text.Unicode.Utf8.IsValid(nameBytes) ? Encoding.UTF8.GetString(nameBytes) : null;
        return Checked(Refusal(name, input) ?? Invoke(name!, Encoding.UTF8.GetString(input)));
    }

    /// <summary>Refusals decided by the Runner before the dispatcher sees the call.</summary>
    /// <param name="name">the action name, null when it is too long or not UTF-8</param>
    private ActionResult? Refusal(string? name, ReadOnlySpan<byte> input)
    {
        if (++Calls > MaxActionCalls)
            return ActionResult.Refused(429, GuestActionCodes.CallLimit, $"A handler may make at most {MaxActionCalls} action calls per request.");
        if (name is null || !ActionName().IsMatch(name))
            return ActionResult.Refused(400, GuestActionCodes.NameInvalid, "Action names are lowercase dotted identifiers such as storage.put.");
        if (input.Length > limits.MaxRequestBytes)
            return ActionResult.Refused(413, GuestActionCodes.InputTooLarge, $"Action input is {input.Length} bytes; at most {limits.MaxRequestBytes} are allowed.");
        if (!System.Text.Unicode.Utf8.IsValid(input))
            return ActionResult.Refused(400, GuestActionCodes.InputInvalid, "Action input is not valid UTF-8.");
        if (!IsOneJsonValue(input, out var error))
            return ActionResult.Refused(400, GuestActionCodes.InputInvalid, $"Action input is not well-formed JSON: {error}");
        return null;
    }

    private ActionResult Invoke(string name, string inputJson)
    {
        var remaining = deadlineUtc - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero) throw Timeout(name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(remaining);
        // Task.Run: even an invoker that completes synchronously or captures a context runs off this thread.
        _actionToken ??= request.ResolveActionToken();
        var token = _actionToken;
        var call = Task.Run(() => invoker.InvokeAsync(new ActionCall(token, name, inputJson, request.RequestId), timeout.Token), timeout.Token);
        try
        {
            if (!call.Wait(remaining)) throw Timeout(name);
            return call.Result;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw Timeout(name);
        }
        catch (AggregateException)
        {
            // The exception's text is the platform's, not the tenant's: the invoker logs it.
            return ActionResult.Refused(503, GuestActionCodes.Unavailable, $"Action {name} failed inside the platform.");
        }
    }

    /// <summary>A success whose output is not one JSON value becomes action_output_invalid (502).</summary>
    private static ActionResult Checked(ActionResult result) =>
        !result.Succeeded || string.IsNullOrEmpty(result.OutputJson) || IsOneJsonValue(Encoding.UTF8.GetBytes(result.OutputJson), out _)
            ? result
            : ActionResult.Refused(502, GuestActionCodes.OutputInvalid, "The action returned output that is not JSON.");

    private static bool IsOneJsonValue(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || !reader.TrySkip() || reader.Read())
                throw new JsonException("not exactly one JSON value");
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static RunnerException Timeout(string action) =>
        new(RunnerCodes.HandlerTimeout, $"The handler's time ran out while waiting for action {action}.");

    [GeneratedRegex("^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$")]
    private static partial Regex ActionName();
}
