using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// Turns an <see cref="ExtensionPackage"/> into a bundle with the shared packer, then opens it with
/// the same <see cref="BundleReader"/> the server runs, so every limit and safety rule is checked
/// before anything is uploaded.
/// </summary>
public static class BundleBuilder
{
    /// <summary>`{slug}-{version}.tar.gz`, the default output name of `scrm extension pack`.</summary>
    public static string DefaultFileName(string slug, string version) => $"{slug}-{version}.tar.gz";

    /// <param name="outputPath">the file the bundle will be written to, if any: never packed into itself</param>
    public static PackedBundle Build(ExtensionPackage package, string? outputPath = null)
    {
        var slug = package.Manifest.Slug;
        bool Exclude(string relative) =>
            IsPackOutput(relative, slug)
            || (outputPath is not null && string.Equals(Path.Combine(package.ContentDirectory, relative), outputPath, StringComparison.Ordinal));

        var packed = package.ManifestRewritten ? PackWithManifest(package, Exclude) : BundlePacker.Pack(package.ContentDirectory, Exclude);
        return Open(packed.Bytes, packed.Skipped);
    }

    /// <summary>Checks an existing bundle file (publish --bundle, sign) exactly as the server will.</summary>
    public static PackedBundle Load(string bundlePath)
    {
        if (!File.Exists(bundlePath))
            throw CliException.Usage("bundle_file_missing", $"The bundle file '{bundlePath}' does not exist.");
        return Open(File.ReadAllBytes(bundlePath), []);
    }

    private static PackedBundle Open(byte[] bytes, IReadOnlyList<string> skipped)
    {
        var bundle = BundleReader.Read(bytes, BundleLimits.Default);
        UiFolder.CheckHandlerOutside(bundle.Manifest); // the server's publish-time rule
        return new(bytes, bundle, skipped);
    }

    /// <summary>Earlier outputs of pack and sign at the bundle root: `{slug}-*.tar.gz` and their `.sig` files.</summary>
    private static bool IsPackOutput(string relative, string slug) =>
        !relative.Contains('/')
        && relative.StartsWith(slug + "-", StringComparison.Ordinal)
        && (relative.EndsWith(".tar.gz", StringComparison.Ordinal) || relative.EndsWith(".tar.gz.sig", StringComparison.Ordinal));

    /// <summary>
    /// The bundle's manifest.json is not the file at the content root (package.json named another
    /// one or filled in fields): pack a staged copy of the content with the effective manifest.
    /// </summary>
    private static PackResult PackWithManifest(ExtensionPackage package, Func<string, bool> exclude)
    {
        var staging = Directory.CreateTempSubdirectory("scrm-pack-");
        try
        {
            var skipped = new List<string>();
            CopyContent(new DirectoryInfo(package.ContentDirectory), staging, "", exclude, skipped);
            File.WriteAllBytes(Path.Combine(staging.FullName, ManifestRules.FileName), package.ManifestJson);
            var packed = BundlePacker.Pack(staging.FullName);
            skipped.Sort(StringComparer.Ordinal);
            return packed with { Skipped = skipped };
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    /// <summary>Copies what the packer would pack; the packer's own filter and checks run again on the copy.</summary>
    private static void CopyContent(DirectoryInfo source, DirectoryInfo target, string prefix, Func<string, bool> exclude, List<string> skipped)
    {
        foreach (var info in source.EnumerateFileSystemInfos())
        {
            var relative = prefix + info.Name;
            var isDirectory = info is DirectoryInfo;
            if (BundlePacker.IsFiltered(info.Name, isDirectory) || info.Attributes.HasFlag(FileAttributes.Hidden) || exclude(relative))
            {
                skipped.Add(relative);
                continue;
            }
            if (info.LinkTarget is not null)
                throw new BundleException(ErrorCodes.ArchiveSymlink,
                    $"'{relative}' is a symbolic link; bundles hold only regular files and directories. Copy the target instead.");
            if (info is DirectoryInfo directory)
                CopyContent(directory, target.CreateSubdirectory(info.Name), relative + "/", exclude, skipped);
            else
                ((FileInfo)info).CopyTo(Path.Combine(target.FullName, info.Name));
        }
    }
}
