namespace Selegic.Extensions.Platform.Actions;

/// <summary>What kind of refusal an action error is; the HTTP layer turns it into a status.</summary>
public enum ActionRefusal
{
    /// <summary>The input is wrong (400).</summary>
    BadInput,
    /// <summary>No acceptable token (401).</summary>
    Unauthenticated,
    /// <summary>The caller may not do this (403).</summary>
    Forbidden,
    /// <summary>The thing addressed does not exist (404).</summary>
    NotFound,
    /// <summary>The current state refuses it, e.g. a full quota (409).</summary>
    Conflict,
    /// <summary>A size cap was crossed (413).</summary>
    TooLarge,
    /// <summary>Too many calls; retry after a delay (429).</summary>
    RateLimited,
    /// <summary>A remote party (egress target, host-action callback) failed (502).</summary>
    Upstream,
    /// <summary>A remote party did not answer in time (504).</summary>
    UpstreamTimeout,
}

/// <summary>
/// A refusal raised while running an action: a stable code, a message safe to show the caller, and
/// for input problems the RFC 6901 pointer of the offending value. Secrets never go into messages.
/// </summary>
public sealed class ActionException(ActionRefusal refusal, string code, string message, string? pointer = null, Exception? inner = null)
    : PlatformException(code, message, inner)
{
    public ActionRefusal Refusal { get; } = refusal;
    public string? Pointer { get; } = pointer;
}
