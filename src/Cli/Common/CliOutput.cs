using System.Text.Json;
using System.Text.Json.Serialization;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// Where a verb writes. Results go to stdout (one JSON document with --json, text otherwise);
/// progress, warnings and errors go to stderr so stdout stays machine-readable.
/// </summary>
public sealed class CliOutput(TextWriter output, TextWriter error, bool json)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public bool Json { get; } = json;
    public TextWriter Error { get; } = error;

    /// <summary>Writes the verb's result: <paramref name="document"/> as JSON, or the text lines.</summary>
    public void Result(object document, params string[] lines)
    {
        if (Json)
        {
            output.WriteLine(JsonSerializer.Serialize(document, document.GetType(), JsonOptions));
            return;
        }
        foreach (var line in lines) output.WriteLine(line);
    }

    /// <summary>A note for a human on stderr (never part of the JSON result).</summary>
    public void Note(string line) => Error.WriteLine(line);

    public void Failure(CliException failure)
    {
        if (Json)
        {
            var document = new FailureDocument(false, failure.ExitCode, failure.Code, failure.Message, failure.Hint, failure.HttpStatus);
            output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
        }
        var status = failure.HttpStatus is { } s ? $" (HTTP {s})" : "";
        Error.WriteLine($"error: {failure.Code}{status}: {failure.Message}");
        if (failure.Hint is { } hint) Error.WriteLine($"hint: {hint}");
    }

    /// <summary>The JSON shape of every failure with --json; the same fields for every verb.</summary>
    public sealed record FailureDocument(bool Ok, int ExitCode, string Code, string Message, string? Hint, int? Status);
}
