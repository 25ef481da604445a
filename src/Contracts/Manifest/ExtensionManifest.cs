using System.Text.Json;
using Selegic.Extensions.Contracts.Naming;

namespace Selegic.Extensions.Contracts.Manifest;

/// <summary>
/// The parsed, validated <c>manifest.json</c> of an extension bundle. Only <see cref="ManifestParser"/>
/// produces instances from untrusted input; every instance it returns satisfies the rules in
/// docs/manifest.md. Optional lists are empty, never null.
/// </summary>
public sealed record ExtensionManifest
{
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// <summary>Semver 2.0.0 without build metadata (see <see cref="SemanticVersion.ParsePublishable"/>).</summary>
    public required string Version { get; init; }

    public string? Description { get; init; }
    public string? Publisher { get; init; }

    /// <summary><see cref="ManifestRules.RuntimeWasm1"/> (the handler is a core module) or <see cref="ManifestRules.RuntimeWasmJs1"/> (a component).</summary>
    public required string Runtime { get; init; }

    /// <summary>Bundle path of the handler's .wasm; null for UI-only extensions.</summary>
    public string? Handler { get; init; }

    /// <summary><c>cap:*</c> names the extension may be granted, in manifest order.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public ManifestUi? Ui { get; init; }

    /// <summary>Routes the gateway forwards to the handler; everything else is refused.</summary>
    public IReadOnlyList<ManifestEndpoint> Endpoints { get; init; } = [];

    /// <summary>Hosts <c>http.fetch</c> may reach: exact names or <c>*.</c> wildcards, lowercase.</summary>
    public IReadOnlyList<string> Egress { get; init; } = [];

    public IReadOnlyList<ManifestAction> Actions { get; init; } = [];

    public SemanticVersion GetSemanticVersion() => SemanticVersion.Parse(Version);
}

/// <summary><c>ui</c>: the extension's page, shown in a sandboxed iframe.</summary>
/// <param name="Type">always <c>iframe</c></param>
/// <param name="Entry">bundle path of the HTML entry, e.g. <c>ui/index.html</c></param>
public sealed record ManifestUi(string Type, string Entry);

/// <summary>One of <c>api.endpoints</c>: an HTTP method and a path pattern with optional <c>:param</c> segments.</summary>
public sealed record ManifestEndpoint(string Method, string Path)
{
    /// <summary>
    /// Whether a request (<paramref name="method"/>, <paramref name="requestPath"/> without query string)
    /// matches this endpoint. Literal segments compare ordinally; a <c>:name</c> segment matches any one
    /// non-empty segment, captured into <paramref name="parameters"/>.
    /// </summary>
    public bool TryMatch(string method, string requestPath, out IReadOnlyDictionary<string, string> parameters)
    {
        parameters = EmptyParameters;
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase)) return false;
        var pattern = Path.Split('/');
        var actual = requestPath.Split('/');
        if (pattern.Length != actual.Length) return false;
        Dictionary<string, string>? captured = null;
        for (var i = 1; i < pattern.Length; i++)
        {
            if (pattern[i].StartsWith(':'))
            {
                if (actual[i].Length == 0) return false;
                (captured ??= new(StringComparer.Ordinal))[pattern[i][1..]] = actual[i];
            }
            else if (!string.Equals(pattern[i], actual[i], StringComparison.Ordinal)) return false;
        }
        if (captured is not null) parameters = captured;
        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyParameters = new Dictionary<string, string>();
}

/// <summary>One of <c>actions</c>: a function CRM flows may call, with a JSON schema for its input.</summary>
/// <param name="InputSchema">a JSON schema object (a cloned element, safe to keep)</param>
public sealed record ManifestAction(string Name, string? Description, JsonElement InputSchema);
