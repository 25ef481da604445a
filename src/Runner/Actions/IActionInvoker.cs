namespace Selegic.Extensions.Runner.Actions;

/// <summary>
/// Where a handler's action calls go: the node running the handler implements it with the Action API
/// dispatcher (token check, capability, schema, rate limit) and the token minted for the request.
/// Refusals come back as an <see cref="ActionResult"/> with a code, not as exceptions.
/// </summary>
public interface IActionInvoker
{
    Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken);
}

/// <param name="Token">the token minted for the request (null when the gateway gave none)</param>
/// <param name="Name">the action name, e.g. storage.put</param>
/// <param name="InputJson">the input as the guest wrote it: well-formed JSON (checked by the Runner)</param>
/// <param name="RequestId">the execution's request id, for correlation</param>
public sealed record ActionCall(string? Token, string Name, string InputJson, string? RequestId = null);

/// <summary>
/// The answer to an action call: <see cref="Status"/> is the HTTP-style status the Action API
/// would answer with; on success <see cref="OutputJson"/> is the output, otherwise <see cref="Code"/>
/// and <see cref="Message"/> say why (e.g. 403 capability_not_granted).
/// </summary>
public sealed record ActionResult(int Status, string? OutputJson, string? Code = null, string? Message = null)
{
    public bool Succeeded => Code is null && Status is >= 200 and < 300;

    public static ActionResult Success(string outputJson) => new(200, outputJson);

    public static ActionResult Refused(int status, string code, string message) => new(status, null, code, message);
}
