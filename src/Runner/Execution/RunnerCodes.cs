namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Stable result codes of an execution (snake_case; never rename one: the gateway maps them to
/// HTTP statuses and clients branch on them). A successful execution has no code.
/// <see cref="SuggestedHttpStatus"/> gives the status the gateway is expected to answer with.
/// </summary>
public static class RunnerCodes
{
    // ---- the request itself -----------------------------------------------------------------
    /// <summary>The request is malformed (missing method, path not starting with '/', config not a JSON object...).</summary>
    public const string RequestInvalid = "request_invalid";
    /// <summary>A requested limit is not positive or above the platform maximum.</summary>
    public const string LimitsInvalid = "limits_invalid";
    /// <summary>The request body (or the whole guest envelope) is larger than the request size limit.</summary>
    public const string RequestTooLarge = "request_too_large";

    // ---- the module -------------------------------------------------------------------------
    /// <summary>The module source has nothing under the content hash.</summary>
    public const string ModuleNotFound = "module_not_found";
    /// <summary>The bytes the module source returned do not hash to the requested content hash.</summary>
    public const string ModuleHashMismatch = "module_hash_mismatch";
    /// <summary>Not a valid wasm module (malformed, invalid) or a bundle without a readable handler.</summary>
    public const string ModuleInvalid = "module_invalid";
    /// <summary>The module imports something wasm@1 does not provide, or lacks a required export.</summary>
    public const string ModuleLinkFailed = "module_link_failed";
    /// <summary>The module source failed (blob store down...): retryable.</summary>
    public const string ModuleSourceUnavailable = "module_source_unavailable";

    // ---- the handler ------------------------------------------------------------------------
    /// <summary>The handler trapped (unreachable, out-of-bounds access, AssemblyScript abort, proc_exit...).</summary>
    public const string HandlerTrap = "handler_trap";
    /// <summary>The wall-clock timeout passed (including time spent waiting on action calls).</summary>
    public const string HandlerTimeout = "handler_timeout";
    /// <summary>The instruction budget (fuel) ran out.</summary>
    public const string HandlerOutOfFuel = "handler_out_of_fuel";
    /// <summary>The handler failed after its memory reached the memory limit (memory.grow was refused).</summary>
    public const string HandlerMemoryLimit = "handler_memory_limit";
    /// <summary>The wasm stack cap was reached (runaway recursion).</summary>
    public const string HandlerStackOverflow = "handler_stack_overflow";
    /// <summary>The handler broke the guest ABI: bad pointer or length, malformed response envelope, bad log level...</summary>
    public const string HandlerAbiError = "handler_abi_error";
    /// <summary>The handler's response body (or envelope) is larger than the response size limit.</summary>
    public const string ResponseTooLarge = "response_too_large";

    /// <summary>A bug or resource failure in the Runner itself, not the handler's fault.</summary>
    public const string RunnerInternalError = "runner_internal_error";

    /// <summary>No silo could run the execution (split topology: every silo gone, or the call lost with its silo and not safe to retry).</summary>
    public const string RunnerUnavailable = "runner_unavailable";

    /// <summary>The HTTP status the gateway should answer with for <paramref name="code"/> (200 when null).</summary>
    public static int SuggestedHttpStatus(string? code) => code switch
    {
        null => 200,
        RequestInvalid => 400,
        RequestTooLarge => 413,
        HandlerTimeout => 504,
        HandlerOutOfFuel or HandlerMemoryLimit or ResponseTooLarge => 507,
        ModuleSourceUnavailable or RunnerUnavailable => 503,
        RunnerInternalError => 500,
        _ => 502, // traps, ABI errors, broken modules, misconfigured limits
    };
}
