using System.Text.Json;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>A refused or failed call: what the Action API answers instead of an output.</summary>
/// <param name="Pointer">for input problems, the JSON pointer of the offending value</param>
/// <param name="RetryAfter">for rate limiting, when the caller may try again</param>
public sealed record ActionError(ActionRefusal Refusal, string Code, string Message, string? Pointer = null, TimeSpan? RetryAfter = null);

/// <summary>The result of one dispatch: either the action's JSON output or an <see cref="ActionError"/>.</summary>
public sealed record ActionOutcome
{
    private ActionOutcome() { }

    public JsonElement? Output { get; private init; }
    public ActionError? Error { get; private init; }
    public bool Succeeded => Error is null;

    public static ActionOutcome Success(JsonElement output) => new() { Output = output };
    public static ActionOutcome Failure(ActionError error) => new() { Error = error };
}
