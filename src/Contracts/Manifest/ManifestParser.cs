using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Naming;

namespace Selegic.Extensions.Contracts.Manifest;

/// <summary>
/// Parses and validates <c>manifest.json</c>. Every refusal is a <see cref="BundleException"/> whose
/// <see cref="BundleException.Field"/> names the offending field (JSON path such as <c>api.endpoints[1].path</c>):
/// <see cref="ErrorCodes.ManifestInvalidJson"/>, <see cref="ErrorCodes.ManifestUnknownField"/>,
/// <see cref="ErrorCodes.InvalidSlug"/>, <see cref="ErrorCodes.InvalidVersion"/> or <see cref="ErrorCodes.ManifestInvalid"/>.
/// An explicit <c>null</c> counts as absent for optional fields.
/// </summary>
public static class ManifestParser
{
    public const int MaxBytes = 256 * 1024;

    private static readonly string[] TopLevelFields =
        ["slug", "name", "version", "description", "publisher", "runtime", "handler", "capabilities", "ui", "api", "egress", "actions"];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    public static ExtensionManifest Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static ExtensionManifest Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
            throw new BundleException(ErrorCodes.ManifestTooLarge, $"manifest.json is {utf8Json.Length} bytes; at most {MaxBytes} are allowed.");
        if (utf8Json.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        // JsonDocument only transcodes strings when they are read, so check the encoding up front.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
            throw new BundleException(ErrorCodes.ManifestInvalidJson, "manifest.json is not valid UTF-8.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new BundleException(ErrorCodes.ManifestInvalidJson,
                $"manifest.json is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new BundleException(ErrorCodes.ManifestInvalidJson, "manifest.json must hold one JSON object.");
            return ParseRoot(root);
        }
    }

    private static ExtensionManifest ParseRoot(JsonElement root)
    {
        var fields = Fields(root, "", TopLevelFields);

        var slug = RequiredString(fields, "slug");
        Slug.Validate(slug, "slug");
        var name = Text(RequiredString(fields, "name"), "name", ManifestRules.MaxNameLength);
        var version = RequiredString(fields, "version");
        SemanticVersion.ParsePublishable(version, "version");
        var description = OptionalString(fields, "description") is { } d ? Text(d, "description", ManifestRules.MaxDescriptionLength, allowNewlines: true) : null;
        var publisher = OptionalString(fields, "publisher") is { } p ? Text(p, "publisher", ManifestRules.MaxPublisherLength) : null;

        var runtime = RequiredString(fields, "runtime");
        if (!ManifestRules.Runtimes.Contains(runtime, StringComparer.Ordinal))
            throw Invalid("runtime", $"runtime '{runtime}' is not supported; the runtimes are '{ManifestRules.RuntimeWasm1}' and '{ManifestRules.RuntimeWasmJs1}'.");

        var handler = OptionalString(fields, "handler") is { } h ? BundleFile(h, "handler", [".wasm"]) : null;
        var ui = fields.TryGetValue("ui", out var uiElement) ? ParseUi(uiElement) : null;
        if (handler is null && ui is null)
            throw Invalid("handler", "an extension needs a 'handler', a 'ui', or both.");

        var capabilities = ParseCapabilities(fields);
        var endpoints = ParseEndpoints(fields);
        var egress = ParseEgress(fields);
        var actions = ParseActions(fields);
        if (handler is null && endpoints.Count > 0)
            throw Invalid("api.endpoints", "api.endpoints route to the handler, so they need a 'handler'.");
        if (handler is null && actions.Count > 0)
            throw Invalid("actions", "actions run in the handler, so they need a 'handler'.");

        return new ExtensionManifest
        {
            Slug = slug,
            Name = name,
            Version = version,
            Description = description,
            Publisher = publisher,
            Runtime = runtime,
            Handler = handler,
            Capabilities = capabilities,
            Ui = ui,
            Endpoints = endpoints,
            Egress = egress,
            Actions = actions,
        };
    }

    private static ManifestUi ParseUi(JsonElement element)
    {
        var fields = Fields(Object(element, "ui"), "ui.", ["type", "entry"]);
        var type = RequiredString(fields, "type", "ui.type");
        if (type != ManifestRules.UiTypeIframe)
            throw Invalid("ui.type", $"ui.type '{type}' is not supported; the only type is '{ManifestRules.UiTypeIframe}'.");
        var entry = BundleFile(RequiredString(fields, "entry", "ui.entry"), "ui.entry", [".html", ".htm"]);
        return new ManifestUi(type, entry);
    }

    private static IReadOnlyList<string> ParseCapabilities(Dictionary<string, JsonElement> fields)
    {
        var list = StringArray(fields, "capabilities", ManifestRules.MaxCapabilities);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"capabilities[{i}]";
            if (ManifestRules.CapabilityProblem(list[i]) is { } problem) throw Invalid(field, $"'{list[i]}': {problem}.");
            if (!seen.Add(list[i])) throw Invalid(field, $"capability '{list[i]}' is listed twice.");
        }
        return list;
    }

    private static IReadOnlyList<ManifestEndpoint> ParseEndpoints(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("api", out var api)) return [];
        var apiFields = Fields(Object(api, "api"), "api.", ["endpoints"]);
        var items = Array(apiFields, "endpoints", "api.endpoints", ManifestRules.MaxEndpoints);
        var endpoints = new List<ManifestEndpoint>();
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"api.endpoints[{i}]";
            var endpoint = Fields(Object(items[i], prefix), prefix + ".", ["method", "path"]);
            var method = RequiredString(endpoint, "method", prefix + ".method");
            if (ManifestRules.MethodProblem(method) is { } mp) throw Invalid(prefix + ".method", $"'{method}': {mp}.");
            var path = RequiredString(endpoint, "path", prefix + ".path");
            if (ManifestRules.EndpointPathProblem(path) is { } pp) throw Invalid(prefix + ".path", $"'{path}': {pp}.");
            if (!shapes.Add(ManifestRules.EndpointShape(method, path)))
                throw Invalid(prefix, $"endpoint {method} {path} duplicates or overlaps an earlier one.");
            endpoints.Add(new ManifestEndpoint(method, path));
        }
        return endpoints;
    }

    private static IReadOnlyList<string> ParseEgress(Dictionary<string, JsonElement> fields)
    {
        var list = StringArray(fields, "egress", ManifestRules.MaxEgressHosts);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"egress[{i}]";
            if (ManifestRules.EgressHostProblem(list[i]) is { } problem) throw Invalid(field, $"'{list[i]}': {problem}.");
            if (!seen.Add(list[i])) throw Invalid(field, $"host '{list[i]}' is listed twice.");
        }
        return list;
    }

    private static IReadOnlyList<ManifestAction> ParseActions(Dictionary<string, JsonElement> fields)
    {
        var items = Array(fields, "actions", "actions", ManifestRules.MaxActions);
        var actions = new List<ManifestAction>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"actions[{i}]";
            var action = Fields(Object(items[i], prefix), prefix + ".", ["name", "description", "inputSchema"]);
            var name = RequiredString(action, "name", prefix + ".name");
            if (ManifestRules.ActionNameProblem(name) is { } np) throw Invalid(prefix + ".name", $"'{name}': {np}.");
            if (!names.Add(name)) throw Invalid(prefix + ".name", $"action '{name}' is declared twice.");
            var description = OptionalString(action, "description", prefix + ".description") is { } d
                ? Text(d, prefix + ".description", ManifestRules.MaxDescriptionLength, allowNewlines: true)
                : null;
            if (!action.TryGetValue("inputSchema", out var schema))
                throw Invalid(prefix + ".inputSchema", $"{prefix}.inputSchema is required (a JSON schema object).");
            CheckSchema(schema, prefix + ".inputSchema");
            actions.Add(new ManifestAction(name, description, schema.Clone()));
        }
        return actions;
    }

    private static void CheckSchema(JsonElement schema, string field)
    {
        if (schema.ValueKind != JsonValueKind.Object) throw Invalid(field, $"{field} must be a JSON schema object.");
        if (!schema.TryGetProperty("type", out var type)) return;
        var types = type.ValueKind switch
        {
            JsonValueKind.String => [type],
            JsonValueKind.Array => type.EnumerateArray().ToArray(),
            _ => throw Invalid(field + ".type", $"{field}.type must be a type name or an array of type names."),
        };
        foreach (var t in types)
            if (t.ValueKind != JsonValueKind.String || !ManifestRules.JsonSchemaTypes.Contains(t.GetString()!, StringComparer.Ordinal))
                throw Invalid(field + ".type", $"{field}.type must name JSON schema types ({string.Join(", ", ManifestRules.JsonSchemaTypes)}).");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /// <summary>The members of <paramref name="obj"/>, refusing unknown and duplicate names.</summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement obj, string prefix, string[] known)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var field = prefix + property.Name;
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                throw new BundleException(ErrorCodes.ManifestUnknownField,
                    $"Unknown field '{field}' in manifest.json; known fields here: {string.Join(", ", known)}.", field);
            if (!seen.Add(property.Name)) throw Invalid(field, $"field '{field}' appears twice.");
            if (property.Value.ValueKind != JsonValueKind.Null) fields[property.Name] = property.Value;
        }
        return fields;
    }

    private static JsonElement Object(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Invalid(field, $"{field} must be an object.");

    private static string RequiredString(Dictionary<string, JsonElement> fields, string name, string? field = null)
    {
        field ??= name;
        if (!fields.TryGetValue(name, out var element)) throw Invalid(field, $"{field} is required.");
        return AsString(element, field);
    }

    private static string? OptionalString(Dictionary<string, JsonElement> fields, string name, string? field = null) =>
        fields.TryGetValue(name, out var element) ? AsString(element, field ?? name) : null;

    private static string AsString(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid(field, $"{field} must be a string.");

    private static IReadOnlyList<JsonElement> Array(Dictionary<string, JsonElement> fields, string name, string field, int max)
    {
        if (!fields.TryGetValue(name, out var element)) return [];
        if (element.ValueKind != JsonValueKind.Array) throw Invalid(field, $"{field} must be an array.");
        var items = element.EnumerateArray().ToList();
        if (items.Count > max) throw Invalid(field, $"{field} may hold at most {max} items.");
        return items;
    }

    private static IReadOnlyList<string> StringArray(Dictionary<string, JsonElement> fields, string name, int max) =>
        Array(fields, name, name, max).Select((e, i) => AsString(e, $"{name}[{i}]")).ToList();

    private static string Text(string value, string field, int maxLength, bool allowNewlines = false)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Invalid(field, $"{field} must not be empty.");
        if (value.Length > maxLength) throw Invalid(field, $"{field} is at most {maxLength} characters.");
        if (value.Any(c => char.IsControl(c) && !(allowNewlines && c is '\n' or '\r' or '\t')))
            throw Invalid(field, $"{field} must not contain control characters.");
        return value;
    }

    private static string BundleFile(string path, string field, string[] extensions)
    {
        var problem = BundlePath.Check(path, isDirectory: false, out var normalized, out var reason);
        if (problem != BundlePathProblem.None) throw Invalid(field, $"{field} '{path}' is not a valid bundle path: {reason}.");
        if (normalized != path) throw Invalid(field, $"{field} '{path}' must be written without a leading './' (as '{normalized}').");
        if (!extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            throw Invalid(field, $"{field} '{path}' must end with {string.Join(" or ", extensions)}.");
        return path;
    }

    private static BundleException Invalid(string field, string message) =>
        new(ErrorCodes.ManifestInvalid, message, field);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
