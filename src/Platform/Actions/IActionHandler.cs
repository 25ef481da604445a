using System.Text.Json;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// Runs one action for a caller whose token, installation, capability, input and rate limit the
/// dispatcher has already checked. Refusals are <see cref="ActionException"/>s; the returned element
/// is the action's output (a JSON object).
/// </summary>
public interface IActionHandler
{
    Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken);
}

/// <summary>A platform-implemented action; every registered one appears in the catalog.</summary>
public interface IBuiltInAction : IActionHandler
{
    ActionDefinition Definition { get; }

    /// <summary>A short description of what a call changed, for the audit record's target (never a value or a secret).</summary>
    string AuditTarget(JsonElement input) => Definition.Name;
}
