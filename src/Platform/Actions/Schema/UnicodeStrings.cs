using System.Text.Json;

namespace Selegic.Extensions.Platform.Actions.Schema;

/// <summary>
/// Finds a string of a JSON document that is not Unicode text: bytes that are not UTF-8, or an
/// escape that leaves a lone surrogate (<c>"\ud800"</c>). Both are well-formed JSON to the parser,
/// which only objects once the string is read, so input is checked before anything reads it.
/// </summary>
public static class UnicodeStrings
{
    public static SchemaViolation? Find(JsonElement element, string pointer = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element.GetString) ? null : new(pointer, "is a string that is not Unicode text (invalid UTF-8, or a lone surrogate escape such as \\ud800)");
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{pointer}/{index++}") is { } violation)
                        return violation;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsText(() => property.Name))
                        return new(pointer, "has a member name that is not Unicode text (invalid UTF-8, or a lone surrogate escape such as \\ud800)");
                    if (Find(property.Value, $"{pointer}/{JsonPointer.Escape(property.Name)}") is { } violation)
                        return violation;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
