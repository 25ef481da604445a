using System.Text.Json;
using System.Text.Json.Nodes;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// An extension's source folder as `scrm extension pack` sees it: the package root (where
/// package.json lives), the directory whose content becomes the bundle, and the manifest with the
/// package.json defaults applied.
/// </summary>
public sealed class ExtensionPackage
{
    public const string ContentDirectoryMissingCode = "bundle_directory_missing";

    private ExtensionPackage(string root, string contentDirectory, byte[] manifestJson, ExtensionManifest manifest, bool manifestRewritten)
    {
        Root = root;
        ContentDirectory = contentDirectory;
        ManifestJson = manifestJson;
        Manifest = manifest;
        ManifestRewritten = manifestRewritten;
    }

    public string Root { get; }

    /// <summary>The folder packed as the bundle root (package.json's bundlePath, default the root).</summary>
    public string ContentDirectory { get; }

    /// <summary>The manifest.json that goes into the bundle.</summary>
    public byte[] ManifestJson { get; }

    public ExtensionManifest Manifest { get; }

    /// <summary>
    /// True when the bundle's manifest.json differs from the file at the content root: package.json
    /// named another manifest file or filled in slug, name or description.
    /// </summary>
    public bool ManifestRewritten { get; }

    public static ExtensionPackage Load(string root)
    {
        if (!Directory.Exists(root))
            throw CliException.Usage("directory_missing", $"The extension directory '{root}' does not exist.");
        var defaults = PackageJsonDefaults.Load(root);

        var contentDirectory = Path.GetFullPath(defaults.BundlePath ?? ".", root);
        if (!Directory.Exists(contentDirectory))
            throw CliException.Validation(ContentDirectoryMissingCode,
                $"The bundle directory '{contentDirectory}' (package.json selegic.extension.bundlePath) does not exist.",
                "Build the extension first, or fix bundlePath in package.json.");

        var rootManifest = Path.Combine(contentDirectory, ManifestRules.FileName);
        var manifestFile = defaults.Manifest is { } named ? Path.GetFullPath(named, root) : rootManifest;
        if (!File.Exists(manifestFile))
            throw CliException.Validation(ErrorCodes.ManifestMissing, $"No manifest at '{manifestFile}'.",
                ServerErrorHints.For(ErrorCodes.ManifestMissing));

        var original = File.ReadAllBytes(manifestFile);
        var (json, filled) = ApplyDefaults(original, defaults);
        var manifest = ManifestParser.Parse(json);
        var rewritten = filled || !string.Equals(manifestFile, rootManifest, StringComparison.Ordinal);
        return new ExtensionPackage(root, contentDirectory, json, manifest, rewritten);
    }

    /// <summary>
    /// Fills slug, name and description the manifest leaves out from package.json. A manifest that
    /// sets a different slug is refused: the slug decides where the bundle is published.
    /// </summary>
    private static (byte[] Json, bool Filled) ApplyDefaults(byte[] manifestJson, PackageJsonDefaults defaults)
    {
        if (defaults.Slug is null && defaults.Name is null && defaults.Description is null) return (manifestJson, false);

        JsonObject? manifest;
        try
        {
            manifest = JsonNode.Parse(manifestJson) as JsonObject;
        }
        catch (JsonException)
        {
            return (manifestJson, false); // the manifest parser reports the JSON error with its code
        }
        if (manifest is null) return (manifestJson, false);

        if (defaults.Slug is { } slug && manifest["slug"] is JsonValue declared
            && declared.TryGetValue(out string? manifestSlug) && manifestSlug != slug)
            throw CliException.Validation(ErrorCodes.SlugMismatch,
                $"package.json says slug '{slug}' but manifest.json says '{manifestSlug}'.",
                ServerErrorHints.For(ErrorCodes.SlugMismatch));

        var filled = false;
        foreach (var (field, value) in new[] { ("slug", defaults.Slug), ("name", defaults.Name), ("description", defaults.Description) })
        {
            if (value is null || manifest.ContainsKey(field)) continue;
            manifest[field] = value;
            filled = true;
        }
        return filled
            ? (JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }), true)
            : (manifestJson, false);
    }
}
