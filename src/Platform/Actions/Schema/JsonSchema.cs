using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Selegic.Extensions.Platform.Actions.Schema;

/// <summary>
/// A compiled JSON Schema of the subset actions use (no package for JSON Schema restores here):
/// <c>type</c> (one name or a list), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>
/// (boolean or schema), <c>enum</c>, <c>const</c>, <c>minLength</c>/<c>maxLength</c> (Unicode code points),
/// <c>pattern</c> (unanchored, as the spec says), <c>minimum</c>/<c>maximum</c>, <c>items</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>maxProperties</c>; annotations (<c>$schema</c>, <c>title</c>,
/// <c>description</c>, <c>default</c>, <c>examples</c>) are ignored. Any other keyword makes the schema
/// invalid rather than silently unenforced.
/// </summary>
public sealed class JsonSchema
{
    private const int MaxSchemaDepth = 16;
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly HashSet<string> TypeNames = ["object", "array", "string", "integer", "number", "boolean", "null"];
    private static readonly HashSet<string> Annotations = ["$schema", "title", "description", "default", "examples"];

    private HashSet<string>? _types;
    private Dictionary<string, JsonSchema>? _properties;
    private string[] _required = [];
    private bool _additionalAllowed = true;
    private JsonSchema? _additionalSchema;
    private JsonElement[]? _enum;
    private JsonElement? _const;
    private int? _minLength, _maxLength, _minItems, _maxItems, _maxProperties;
    private decimal? _minimum, _maximum;
    private Regex? _pattern;
    private JsonSchema? _items;

    private JsonSchema() { }

    /// <summary>The schema text as given (for the catalog).</summary>
    public JsonElement Source { get; private init; }

    /// <summary>Compiles <paramref name="schema"/>; throws <see cref="JsonSchemaException"/> naming the bad keyword's pointer.</summary>
    public static JsonSchema Compile(JsonElement schema) => Compile(schema.Clone(), "", 0);

    public static JsonSchema Parse(string schemaJson)
    {
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            return Compile(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new JsonSchemaException("", $"The schema is not valid JSON: {e.Message}");
        }
    }

    private static JsonSchema Compile(JsonElement schema, string pointer, int depth)
    {
        if (depth > MaxSchemaDepth)
            throw new JsonSchemaException(pointer, $"schemas nest at most {MaxSchemaDepth} levels");
        if (schema.ValueKind != JsonValueKind.Object)
            throw new JsonSchemaException(pointer, "a schema is a JSON object");

        var compiled = new JsonSchema { Source = schema };
        foreach (var keyword in schema.EnumerateObject())
        {
            var at = pointer + "/" + JsonPointer.Escape(keyword.Name);
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    compiled._types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Select(t => TypeName(t, at)).ToHashSet()
                        : [TypeName(value, at)];
                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object) throw new JsonSchemaException(at, "'properties' is an object of schemas");
                    compiled._properties = value.EnumerateObject().ToDictionary(
                        p => p.Name, p => Compile(p.Value, at + "/" + JsonPointer.Escape(p.Name), depth + 1), StringComparer.Ordinal);
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                        throw new JsonSchemaException(at, "'required' is an array of property names");
                    compiled._required = value.EnumerateArray().Select(v => v.GetString()!).Distinct().ToArray();
                    break;
                case "additionalProperties":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        compiled._additionalAllowed = value.GetBoolean();
                    else
                        compiled._additionalSchema = Compile(value, at, depth + 1);
                    break;
                case "enum":
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                        throw new JsonSchemaException(at, "'enum' is a non-empty array");
                    compiled._enum = value.EnumerateArray().ToArray();
                    break;
                case "const":
                    compiled._const = value;
                    break;
                case "minLength": compiled._minLength = Count(value, at); break;
                case "maxLength": compiled._maxLength = Count(value, at); break;
                case "minItems": compiled._minItems = Count(value, at); break;
                case "maxItems": compiled._maxItems = Count(value, at); break;
                case "maxProperties": compiled._maxProperties = Count(value, at); break;
                case "minimum": compiled._minimum = Number(value, at); break;
                case "maximum": compiled._maximum = Number(value, at); break;
                case "pattern":
                    if (value.ValueKind != JsonValueKind.String) throw new JsonSchemaException(at, "'pattern' is a regular expression string");
                    try
                    {
                        compiled._pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant, PatternTimeout);
                    }
                    catch (ArgumentException e)
                    {
                        throw new JsonSchemaException(at, $"'pattern' is not a valid regular expression: {e.Message}");
                    }
                    break;
                case "items":
                    compiled._items = Compile(value, at, depth + 1);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                        throw new JsonSchemaException(at, $"keyword '{keyword.Name}' is not supported (docs/api.md lists the supported subset)");
                    break;
            }
        }
        return compiled;
    }

    /// <summary>
    /// The first violation of <paramref name="instance"/> against this schema, or null when it conforms.
    /// A string that is not Unicode text is a violation whatever the schema says of it.
    /// </summary>
    public SchemaViolation? Validate(JsonElement instance) => UnicodeStrings.Find(instance) ?? Validate(instance, "");

    private SchemaViolation? Validate(JsonElement instance, string pointer)
    {
        if (_types is not null && !_types.Any(t => HasType(instance, t)))
            return new(pointer, $"expected {string.Join(" or ", _types.Order())}, got {KindName(instance)}");
        if (_const is { } constant && !JsonElement.DeepEquals(constant, instance))
            return new(pointer, $"must equal {constant.GetRawText()}");
        if (_enum is not null && !_enum.Any(e => JsonElement.DeepEquals(e, instance)))
            return new(pointer, $"must be one of {string.Join(", ", _enum.Select(e => e.GetRawText()))}");

        switch (instance.ValueKind)
        {
            case JsonValueKind.String:
                return ValidateString(instance.GetString()!, pointer);
            case JsonValueKind.Number:
                return ValidateNumber(instance, pointer);
            case JsonValueKind.Array:
                return ValidateArray(instance, pointer);
            case JsonValueKind.Object:
                return ValidateObject(instance, pointer);
            default:
                return null;
        }
    }

    private SchemaViolation? ValidateString(string value, string pointer)
    {
        if (_minLength is null && _maxLength is null && _pattern is null)
            return null;
        var length = value.EnumerateRunes().Count();
        if (length < _minLength)
            return new(pointer, $"must be at least {_minLength} characters long");
        if (length > _maxLength)
            return new(pointer, $"must be at most {_maxLength} characters long");
        if (_pattern is not null)
        {
            try
            {
                if (!_pattern.IsMatch(value))
                    return new(pointer, $"must match the pattern {_pattern}");
            }
            catch (RegexMatchTimeoutException)
            {
                return new(pointer, "took too long to match the pattern");
            }
        }
        return null;
    }

    private SchemaViolation? ValidateNumber(JsonElement value, string pointer)
    {
        if (_minimum is null && _maximum is null)
            return null;
        // Numbers beyond decimal's range are beyond any bound a schema here states.
        if (!value.TryGetDecimal(out var number))
            return new(pointer, "is out of the accepted numeric range");
        if (number < _minimum)
            return new(pointer, $"must be at least {_minimum?.ToString(CultureInfo.InvariantCulture)}");
        if (number > _maximum)
            return new(pointer, $"must be at most {_maximum?.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    private SchemaViolation? ValidateArray(JsonElement value, string pointer)
    {
        var count = value.GetArrayLength();
        if (count < _minItems)
            return new(pointer, $"must have at least {_minItems} items");
        if (count > _maxItems)
            return new(pointer, $"must have at most {_maxItems} items");
        if (_items is null)
            return null;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (_items.Validate(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture)) is { } violation)
                return violation;
            index++;
        }
        return null;
    }

    private SchemaViolation? ValidateObject(JsonElement value, string pointer)
    {
        if (_maxProperties is { } maxProperties && value.EnumerateObject().Count() > maxProperties)
            return new(pointer, $"must have at most {maxProperties} properties");
        foreach (var name in _required)
        {
            if (!value.TryGetProperty(name, out _))
                return new(pointer + "/" + JsonPointer.Escape(name), "is required");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var at = pointer + "/" + JsonPointer.Escape(property.Name);
            if (!seen.Add(property.Name))
                return new(at, "appears more than once");
            if (_properties is not null && _properties.TryGetValue(property.Name, out var propertySchema))
            {
                if (propertySchema.Validate(property.Value, at) is { } violation)
                    return violation;
            }
            else if (_additionalSchema is not null)
            {
                if (_additionalSchema.Validate(property.Value, at) is { } violation)
                    return violation;
            }
            else if (!_additionalAllowed)
            {
                return new(at, "is not an accepted property");
            }
        }
        return null;
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out var value) ? decimal.Truncate(value) == value : number.TryGetDouble(out var d) && Math.Floor(d) == d;

    private static string KindName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string TypeName(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.String && TypeNames.Contains(value.GetString()!)
            ? value.GetString()!
            : throw new JsonSchemaException(pointer, $"'type' names one of {string.Join(", ", TypeNames)}");

    private static int Count(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw new JsonSchemaException(pointer, "must be a non-negative integer");

    private static decimal Number(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new JsonSchemaException(pointer, "must be a number");
}

/// <summary>Where (an RFC 6901 JSON pointer into the input) and why an input breaks its schema.</summary>
public sealed record SchemaViolation(string Pointer, string Message);

/// <summary>A schema outside the supported subset, or malformed; <see cref="Pointer"/> points into the schema.</summary>
public sealed class JsonSchemaException(string pointer, string message) : Exception(message)
{
    public string Pointer { get; } = pointer;
}

public static class JsonPointer
{
    /// <summary>Escapes one reference token (RFC 6901: '~' as '~0', '/' as '~1').</summary>
    public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
