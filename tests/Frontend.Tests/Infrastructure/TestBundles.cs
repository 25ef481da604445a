using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>
/// Builds bundles (gzip-compressed tar) byte by byte, including hostile ones the packer
/// would never produce: the server must refuse them on its own.
/// </summary>
public static class TestBundles
{
    public static string ManifestJson(string slug, string version, Action<Dictionary<string, object?>>? edit = null)
    {
        var manifest = new Dictionary<string, object?>
        {
            ["slug"] = slug,
            ["name"] = "Test extension " + slug,
            ["version"] = version,
            ["description"] = "Published by the frontend HTTP tests.",
            ["publisher"] = "frontend-tests",
            ["runtime"] = "wasm@1",
            ["capabilities"] = Array.Empty<string>(),
            ["ui"] = new Dictionary<string, object?> { ["type"] = "iframe", ["entry"] = "ui/index.html" },
        };
        edit?.Invoke(manifest);
        return JsonSerializer.Serialize(manifest);
    }

    /// <summary>A valid UI-only bundle; <paramref name="padding"/> adds incompressible bytes.</summary>
    public static byte[] Valid(string slug, string version, int padding = 0)
    {
        var files = new List<(string, byte[])>
        {
            ("manifest.json", Encoding.UTF8.GetBytes(ManifestJson(slug, version))),
            ("ui/index.html", Encoding.UTF8.GetBytes($"<!doctype html><title>{slug} {version}</title>")),
        };
        if (padding > 0)
            files.Add(("ui/padding.bin", RandomNumberGenerator.GetBytes(padding)));
        return Files(files.ToArray());
    }

    public static byte[] Files(params (string Path, byte[] Content)[] files) =>
        Entries(files.Select(f => (TarEntry)new PaxTarEntry(TarEntryType.RegularFile, f.Path)
        {
            DataStream = new MemoryStream(f.Content),
        }).ToArray());

    public static byte[] Entries(params TarEntry[] entries) => Gzip(Tar(entries));

    public static byte[] Tar(params TarEntry[] entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
                writer.WriteEntry(entry);
        }
        return tar.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    public static TarEntry File(string path, string content) =>
        new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static TarEntry ManifestEntry(string slug, string version) => File("manifest.json", ManifestJson(slug, version));

    public static string Sha256(byte[] bundle) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bundle));
}
