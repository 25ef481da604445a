using System.Text.Json;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// Defaults an extension's package.json may carry under <c>selegic.extension</c>:
/// <c>slug</c>, <c>bundlePath</c> (the directory to pack, relative to package.json),
/// <c>manifest</c> (the manifest file, relative to package.json), <c>name</c>, <c>description</c>.
/// A missing package.json, or one without that section, means no defaults.
/// </summary>
public sealed record PackageJsonDefaults(string? Slug, string? BundlePath, string? Manifest, string? Name, string? Description)
{
    public const string FileName = "package.json";
    public const string InvalidCode = "package_json_invalid";

    public static readonly PackageJsonDefaults None = new(null, null, null, null, null);

    public static PackageJsonDefaults Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return None;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw CliException.Validation(InvalidCode, $"{path} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("selegic", out var selegic))
                return None;
            if (selegic.ValueKind != JsonValueKind.Object)
                throw CliException.Validation(InvalidCode, $"{path}: \"selegic\" must be an object.");
            if (!selegic.TryGetProperty("extension", out var extension)) return None;
            if (extension.ValueKind != JsonValueKind.Object)
                throw CliException.Validation(InvalidCode, $"{path}: \"selegic.extension\" must be an object.");

            return new PackageJsonDefaults(
                Text(extension, "slug", path),
                Text(extension, "bundlePath", path),
                Text(extension, "manifest", path),
                Text(extension, "name", path),
                Text(extension, "description", path));
        }
    }

    private static string? Text(JsonElement section, string name, string path)
    {
        if (!section.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw CliException.Validation(InvalidCode, $"{path}: \"selegic.extension.{name}\" must be a non-empty string.");
        return value.GetString()!.Trim();
    }
}
