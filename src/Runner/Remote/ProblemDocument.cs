using System.Text.Json;

namespace Selegic.Extensions.Runner.Remote;

/// <summary>Reads the code and detail of a problem document another service answered with; anything that is not one gives nulls.</summary>
internal static class ProblemDocument
{
    public static (string? Code, string? Detail) Read(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            return (Text(root, "code"), Text(root, "detail") ?? Text(root, "title"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
