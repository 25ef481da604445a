using System.Text.RegularExpressions;

namespace Selegic.Extensions.Contracts.Manifest;

/// <summary>The value rules of the manifest's fields, usable on their own (e.g. by installers and the gateway).</summary>
public static partial class ManifestRules
{
    public const string FileName = "manifest.json";
    public const string RuntimeWasm1 = "wasm@1";
    /// <summary>JavaScript/TypeScript handlers: the handler is a WebAssembly component of world selegic:extension/handler@1.0.0.</summary>
    public const string RuntimeWasmJs1 = "wasm-js@1";

    /// <summary>The runtimes a manifest may name.</summary>
    public static readonly IReadOnlyList<string> Runtimes = [RuntimeWasm1, RuntimeWasmJs1];
    public const string UiTypeIframe = "iframe";

    public const int MaxNameLength = 100;
    public const int MaxPublisherLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCapabilities = 64;
    public const int MaxCapabilityLength = 64;
    public const int MaxEndpoints = 256;
    public const int MaxEndpointPathLength = 256;
    public const int MaxEgressHosts = 64;
    public const int MaxActions = 64;

    public static readonly IReadOnlyList<string> HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>JSON schema type names accepted in an action's <c>inputSchema.type</c>.</summary>
    public static readonly IReadOnlyList<string> JsonSchemaTypes =
        ["object", "array", "string", "number", "integer", "boolean", "null"];

    [GeneratedRegex(@"^cap:[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityPattern();

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LiteralSegmentPattern();

    [GeneratedRegex(@"^:[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterSegmentPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLabelPattern();

    /// <summary>Why <paramref name="capability"/> is not a capability name (<c>cap:storage.kv</c>), or null.</summary>
    public static string? CapabilityProblem(string capability)
    {
        if (capability.Length > MaxCapabilityLength) return $"capability names are at most {MaxCapabilityLength} characters";
        return CapabilityPattern().IsMatch(capability)
            ? null
            : "a capability is 'cap:' followed by dot-separated lowercase names, e.g. 'cap:storage.kv'";
    }

    /// <summary>Why <paramref name="name"/> is not an action name, or null.</summary>
    public static string? ActionNameProblem(string name) => ActionNamePattern().IsMatch(name)
        ? null
        : "action names start with a lowercase letter and hold up to 64 letters, digits, '_' or '-' (no dots)";

    /// <summary>Why <paramref name="method"/> is not an allowed endpoint method, or null.</summary>
    public static string? MethodProblem(string method) => HttpMethods.Contains(method, StringComparer.Ordinal)
        ? null
        : "the method must be one of GET, POST, PUT, PATCH, DELETE (uppercase)";

    /// <summary>Why <paramref name="path"/> is not an endpoint path pattern, or null.</summary>
    public static string? EndpointPathProblem(string path)
    {
        if (path.Length == 0 || path[0] != '/') return "an endpoint path starts with '/'";
        if (path.Length > MaxEndpointPathLength) return $"an endpoint path is at most {MaxEndpointPathLength} characters";
        if (path == "/") return null;
        var segments = path[1..].Split('/');
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return "an endpoint path has no empty segments and no trailing '/'";
            if (segment.StartsWith(':'))
            {
                if (!ParameterSegmentPattern().IsMatch(segment)) return $"'{segment}' is not a parameter segment (':name', letters, digits, '_')";
                if (!parameters.Add(segment)) return $"parameter '{segment}' appears twice";
            }
            else if (segment is "." or ".." || !LiteralSegmentPattern().IsMatch(segment))
                return $"segment '{segment}' may only hold letters, digits and . _ ~ - (no wildcards, query strings or '.'/'..')";
        }
        return null;
    }

    /// <summary>The shape of an endpoint path with parameter names erased, to detect overlapping declarations.</summary>
    public static string EndpointShape(string method, string path) =>
        method + " " + string.Join('/', path.Split('/').Select(s => s.StartsWith(':') ? ":" : s));

    /// <summary>
    /// Why <paramref name="host"/> is not an egress entry, or null. An entry is a lowercase DNS name of at
    /// least two labels (<c>api.example.com</c>), optionally prefixed with <c>*.</c> to allow every
    /// sub-domain (not the name itself). No schemes, ports, paths, IP literals or other wildcards.
    /// </summary>
    public static string? EgressHostProblem(string host)
    {
        if (host.Contains("://")) return "egress entries are host names, not URLs (no scheme)";
        if (host.IndexOfAny(['/', ':', '?', '#', '@']) >= 0) return "egress entries are bare host names (no port, path or credentials)";
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (name.Contains('*')) return "the only wildcard allowed is a leading '*.'";
        if (name.Length > 253) return "a host name is at most 253 characters";
        var labels = name.Split('.');
        if (labels.Length < 2) return "a host name needs at least two labels (e.g. api.example.com)";
        foreach (var label in labels)
            if (!HostLabelPattern().IsMatch(label))
                return $"label '{label}' is not a lowercase DNS label (a-z, 0-9, inner '-', 1-63 characters)";
        if (labels[^1].All(char.IsAsciiDigit)) return "IP addresses are not allowed; name the host";
        return null;
    }

    /// <summary>Whether <paramref name="host"/> is allowed by egress entry <paramref name="entry"/> (case-insensitive; trailing dot ignored).</summary>
    public static bool EgressAllows(string entry, string host)
    {
        host = host.TrimEnd('.');
        if (entry.StartsWith("*.", StringComparison.Ordinal))
            return host.Length > entry.Length - 1 && host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase);
        return string.Equals(entry, host, StringComparison.OrdinalIgnoreCase);
    }
}
