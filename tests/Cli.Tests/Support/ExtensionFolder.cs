using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Selegic.Extensions.Cli.Tests.Support;

/// <summary>An extension source folder on disk: manifest.json, a handler .wasm and a UI page.</summary>
public sealed class ExtensionFolder : IDisposable
{
    /// <summary>The smallest valid WebAssembly module: magic and version, no sections.</summary>
    public static readonly byte[] EmptyWasmModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private readonly TempDirectory directory = new();

    public ExtensionFolder(string slug = "vacation-trip", string version = "1.0.0", string? contentSubdirectory = null)
    {
        ContentPath = contentSubdirectory is null ? directory.Path : directory.Combine(contentSubdirectory);
        Directory.CreateDirectory(ContentPath);
        WriteManifest(Manifest(slug, version));
        Write("handler/handler.wasm", EmptyWasmModule);
        Write("ui/index.html", "<!doctype html><title>Vacation trip</title>");
    }

    public string Path => directory.Path;

    /// <summary>The folder whose content is packed (the root unless package.json says bundlePath).</summary>
    public string ContentPath { get; }

    public static JsonObject Manifest(string slug, string version) => new()
    {
        ["slug"] = slug,
        ["name"] = "Vacation trip",
        ["version"] = version,
        ["description"] = "Plan trips from CRM contacts",
        ["runtime"] = "wasm@1",
        ["handler"] = "handler/handler.wasm",
        ["ui"] = new JsonObject { ["type"] = "iframe", ["entry"] = "ui/index.html" },
    };

    public void WriteManifest(JsonObject manifest) => Write("manifest.json", manifest.ToJsonString());

    /// <summary>Writes a file relative to <see cref="ContentPath"/>.</summary>
    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public string Write(string relative, byte[] content)
    {
        var path = System.IO.Path.Combine(ContentPath, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a file relative to the folder root (package.json lives there).</summary>
    public void WriteAtRoot(string relative, string content)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Entry names and contents of a .tar.gz, read with the BCL tar reader (independent of the code under test).</summary>
    public static Dictionary<string, byte[]> ReadBundle(string bundlePath)
    {
        var entries = new Dictionary<string, byte[]>();
        using var gzip = new GZipStream(File.OpenRead(bundlePath), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries[entry.Name] = content.ToArray();
        }
        return entries;
    }

    public void Dispose() => directory.Dispose();
}
