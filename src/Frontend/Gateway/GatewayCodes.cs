namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Stable codes of the gateway's own refusals (snake_case, never renamed). Handler failures keep
/// the Runner's codes (<see cref="Runner.Execution.RunnerCodes"/>): handler_trap, handler_timeout...
/// </summary>
public static class GatewayCodes
{
    /// <summary>401: no <c>Authorization: Bearer</c> header (an unknown key or a bad token gets the token validator's code).</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary>403: a platform admin key (the gateway needs a tenant) or a token of another extension.</summary>
    public const string CallerNotAllowed = "gateway_caller_not_allowed";
    /// <summary>404: the tenant has no active installation of this extension.</summary>
    public const string ExtensionNotInstalled = "extension_not_installed";
    /// <summary>403: the installation is disabled.</summary>
    public const string InstallationDisabled = "installation_disabled";
    /// <summary>404: the installed version declares no handler.</summary>
    public const string NoHandler = "extension_has_no_handler";
    /// <summary>404: no <c>api.endpoints</c> entry matches the method and path.</summary>
    public const string RouteNotDeclared = "route_not_declared";
    /// <summary>413: the request body is larger than the gateway accepts.</summary>
    public const string RequestTooLarge = "request_too_large";
    /// <summary>404: the manifest declares no action of that name.</summary>
    public const string ActionNotDeclared = "extension_action_not_declared";
    /// <summary>400: the action input is not JSON.</summary>
    public const string ActionInputMalformed = "action_input_malformed";
    /// <summary>502: the handler answered an action call with a non-2xx status or a body that is not JSON.</summary>
    public const string ActionFailed = "extension_action_failed";
    /// <summary>502: the action's declared input schema uses what the validator does not support.</summary>
    public const string ActionSchemaInvalid = "extension_action_schema_invalid";
}
