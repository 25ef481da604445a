using System.Text.Json;
using System.Text.Json.Serialization;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// One call of an extension's handler, with everything the Runner needs: it holds no database
/// credentials and no signing keys, so the caller (the gateway) resolves the installation, picks
/// the limits and mints <see cref="ActionToken"/> (or supplies <see cref="ActionTokenFactory"/>) before asking.
/// </summary>
public sealed record ExecuteRequest
{
    /// <summary>Which module to run: content hash (cache key) and where the bytes are stored.</summary>
    public required ModuleReference Module { get; init; }

    /// <summary>HTTP method, upper case (GET, POST, ...).</summary>
    public required string Method { get; init; }

    /// <summary>Path inside the extension, starting with '/', without the query string (e.g. /trips/42).</summary>
    public required string Path { get; init; }

    /// <summary>Raw query string without the leading '?' (empty when none).</summary>
    public string Query { get; init; } = "";

    /// <summary>Values of the matched route's <c>:param</c> segments.</summary>
    public IReadOnlyDictionary<string, string> RouteParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Request headers the gateway forwards (already allow-listed); names are matched case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public byte[] Body { get; init; } = [];

    /// <summary>The installation's config: a JSON object, or null for none.</summary>
    public JsonElement? Config { get; init; }

    /// <summary>The calling user as the gateway describes them (a JSON object, e.g. {"id":"u-42"}), or null.</summary>
    public JsonElement? User { get; init; }

    /// <summary>Who is calling, handed to the guest as-is.</summary>
    public InstallationInfo? Installation { get; init; }

    /// <summary>The short-lived token minted for this request; every action call carries it. Null: the handler's action calls are refused.</summary>
    public string? ActionToken { get; init; }

    /// <summary>
    /// Mints <see cref="ActionToken"/> when it is first needed, for callers in the same process: most
    /// requests of most handlers make no action call, and then no token is minted. A request sent to an
    /// execution grain on another silo travels without the factory, so its sender mints first.
    /// </summary>
    [JsonIgnore]
    public Func<string>? ActionTokenFactory { get; init; }

    /// <summary><see cref="ActionToken"/>, or one from <see cref="ActionTokenFactory"/>.</summary>
    public string? ResolveActionToken() => ActionToken ?? ActionTokenFactory?.Invoke();

    /// <summary>Per-installation limits; null members take the platform defaults.</summary>
    public HandlerLimits? Limits { get; init; }

    /// <summary>
    /// Null for a call of an HTTP route. The name of a manifest-declared action when a CRM flow calls
    /// it: the envelope then says <c>"kind":"action"</c> and <c>"action":name</c>, and the body is the
    /// (schema-checked) JSON input (docs/guest-abi.md, "Actions").
    /// </summary>
    public string? Action { get; init; }

    /// <summary>Correlates logs and audit records of this call (optional).</summary>
    public string? RequestId { get; init; }
}

/// <summary>The installation a request runs for, as the guest sees it (<c>installation</c> in the envelope).</summary>
public sealed record InstallationInfo(string Id, string Tenant, string Extension, string Version);
