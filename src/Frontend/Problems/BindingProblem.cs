using System.Text.Json;
using System.Text.RegularExpressions;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// What a client got wrong when binding refused its request (a body that is not JSON, a JSON value
/// of the wrong type, a route or query value of the wrong type), said in the request's own terms:
/// the field and the expected kind of value, never a .NET type.
/// </summary>
public static partial class BindingProblem
{
    public static string Describe(BadHttpRequestException refusal)
    {
        if (refusal.InnerException is JsonException json)
            return Describe(json);
        if (BindFailure().Match(refusal.Message) is { Success: true } bind)
            return $"{bind.Groups["name"].Value}: \"{bind.Groups["value"].Value}\" is not {Kind(bind.Groups["type"].Value)}.";
        if (RequiredMissing().Match(refusal.Message) is { Success: true } missing)
            return $"{missing.Groups["name"].Value}: required.";
        return refusal.Message;
    }

    public static string Describe(JsonException json)
    {
        // A primitive read of the wrong token: the exception's type is the enclosing one, the inner one says what was expected.
        if (json.InnerException is InvalidOperationException inner && TokenMismatch().Match(inner.Message) is { Success: true } token)
            return $"{Field(json.Path)}: expected {Kind(token.Groups["kind"].Value)}.";
        if (ConversionTarget().Match(json.Message) is { Success: true } conversion)
            return $"{Field(json.Path)}: expected {Kind(conversion.Groups["type"].Value)}.";
        return json.LineNumber is { } line
            ? $"The request body is not valid JSON (line {line + 1}, byte {json.BytePositionInLine + 1})."
            : "The request body is not valid JSON.";
    }

    /// <summary>System.Text.Json's path (<c>$.grants[1]</c>) as the request names it (<c>grants[1]</c>).</summary>
    private static string Field(string? path) =>
        path is null or "$" ? "the request body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The kind of JSON value a .NET type name (<c>System.Int32</c>, <c>int?</c>, <c>IReadOnlyList`1[System.String]</c>) reads from.</summary>
    private static string Kind(string type)
    {
        var words = Words().Matches(type.ToLowerInvariant()).Select(m => m.Value).ToList();
        if (words.Any(w => w.EndsWith("dictionary", StringComparison.Ordinal)))
            return "a JSON object";
        if (type.Contains("[]", StringComparison.Ordinal) || words.Any(w => w.EndsWith("list", StringComparison.Ordinal)
            || w.EndsWith("enumerable", StringComparison.Ordinal) || w.EndsWith("collection", StringComparison.Ordinal) || w == "array"))
            return "a JSON array";
        return words.Select(w => w switch
        {
            "string" => "a string",
            "int" or "int16" or "int32" or "int64" or "long" or "short" => "an integer",
            "decimal" or "double" or "single" or "float" or "number" => "a number",
            "bool" or "boolean" => "true or false",
            "guid" => "a UUID",
            "datetime" or "datetimeoffset" => "an RFC 3339 date-time",
            _ => null,
        }).FirstOrDefault(kind => kind is not null) ?? "a JSON object";
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^Cannot get the value of a token type '\w+' as a (?<kind>\w+)")]
    private static partial Regex TokenMismatch();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\. Path:")]
    private static partial Regex ConversionTarget();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ ]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ ]+)\" was not provided")]
    private static partial Regex RequiredMissing();
}
