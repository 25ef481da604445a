namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// Stable codes of the Action API (the <c>code</c> member of its problem documents). Never rename one.
/// The token codes come from the token validator (src/Platform/Tokens) and pass through unchanged.
/// </summary>
public static class ActionErrorCodes
{
    // ---- dispatcher refusals, in the order the dispatcher checks -------------------------------
    public const string ActionUnknown = "action_unknown";
    public const string InstallationNotFound = "installation_not_found";
    public const string InstallationDisabled = "installation_disabled";
    public const string CapabilityNotGranted = "capability_not_granted";
    public const string InputTooLarge = "action_input_too_large";
    public const string InputInvalid = "action_input_invalid";
    public const string RateLimited = "rate_limited";

    // ---- storage.* ------------------------------------------------------------------------------
    public const string StorageKeyInvalid = "storage_key_invalid";
    public const string StorageValueTooLarge = "storage_value_too_large";
    public const string StorageQuotaExceeded = "storage_quota_exceeded";
    public const string StorageCursorInvalid = "storage_cursor_invalid";

    // ---- secrets.get ----------------------------------------------------------------------------
    public const string SecretNotFound = "secret_not_found";

    // ---- http.fetch -----------------------------------------------------------------------------
    public const string EgressUrlInvalid = "egress_url_invalid";
    public const string EgressHostNotAllowed = "egress_host_not_allowed";
    public const string EgressAddressForbidden = "egress_address_forbidden";
    public const string EgressDnsFailed = "egress_dns_failed";
    public const string EgressTooManyRedirects = "egress_too_many_redirects";
    public const string EgressRequestTooLarge = "egress_request_too_large";
    public const string EgressResponseTooLarge = "egress_response_too_large";
    public const string EgressTimeout = "egress_timeout";
    public const string EgressFailed = "egress_failed";

    // ---- host actions ---------------------------------------------------------------------------
    public const string HostActionInvalid = "host_action_invalid";
    public const string HostActionNameReserved = "host_action_name_reserved";
    public const string HostActionSchemaInvalid = "host_action_schema_invalid";
    public const string HostActionTimeout = "host_action_timeout";
    public const string HostActionFailed = "host_action_failed";

    // ---- logs -----------------------------------------------------------------------------------
    public const string LogCursorInvalid = "log_cursor_invalid";
}
