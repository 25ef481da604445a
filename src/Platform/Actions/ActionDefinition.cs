using Selegic.Extensions.Platform.Actions.Schema;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>Where an action runs.</summary>
public enum ActionSource
{
    /// <summary>Implemented by the platform (storage, secrets, log, http).</summary>
    BuiltIn,
    /// <summary>Registered by a tenant's CRM backend and forwarded to its callback URL.</summary>
    Host,
}

/// <summary>
/// What the dispatcher needs to know about an action before running it: the capability a caller's
/// installation must have been granted, the schema its input must satisfy, and whether a call
/// changes state (mutating calls are audited).
/// </summary>
public sealed record ActionDefinition(
    string Name,
    string Description,
    string Capability,
    JsonSchema Input,
    bool Mutating,
    ActionSource Source);
