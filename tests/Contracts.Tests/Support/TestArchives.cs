using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Selegic.Extensions.Contracts.Tests.Support;

/// <summary>
/// Builds bundles for tests. Well-formed archives come from System.Formats.Tar (an implementation
/// independent of the one under test); hostile shapes it will not write come from <see cref="RawTar"/>.
/// </summary>
internal static class TestArchives
{
    /// <summary>The smallest valid WebAssembly module: magic and version 1, no sections.</summary>
    public static readonly byte[] EmptyWasmModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public const string ManifestJson = """
        {
          "slug": "vacation-trip",
          "name": "Vacation trip",
          "version": "1.2.0",
          "description": "Plan trips",
          "publisher": "Selegic",
          "runtime": "wasm@1",
          "handler": "handler.wasm",
          "capabilities": ["cap:storage.kv"],
          "ui": { "type": "iframe", "entry": "ui/index.html" },
          "api": { "endpoints": [ { "method": "GET", "path": "/trips" } ] }
        }
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The files of a minimal valid bundle.</summary>
    public static List<(string Path, byte[] Content)> ValidFiles() =>
    [
        ("manifest.json", Utf8(ManifestJson)),
        ("handler.wasm", EmptyWasmModule),
        ("ui/index.html", Utf8("<!doctype html><title>trip</title>")),
    ];

    /// <summary>A tar (not compressed) of regular files written with TarWriter in the given format.</summary>
    public static byte[] Tar(IEnumerable<(string Path, byte[] Content)> files, TarEntryFormat format = TarEntryFormat.Pax)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true))
        {
            foreach (var (path, content) in files)
                writer.WriteEntry(Entry(format, TarEntryType.RegularFile, path, content));
        }
        return output.ToArray();
    }

    /// <summary>A tar with arbitrary entries written with TarWriter (ustar format unless told otherwise).</summary>
    public static byte[] Tar(Action<TarWriter> write, TarEntryFormat format = TarEntryFormat.Ustar)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true)) write(writer);
        return output.ToArray();
    }

    public static TarEntry Entry(TarEntryFormat format, TarEntryType type, string path, byte[]? content = null)
    {
        // TarWriter wants the format-specific regular-file type; V7RegularFile is its name in old formats.
        TarEntry entry = format switch
        {
            TarEntryFormat.Pax => new PaxTarEntry(type, path),
            TarEntryFormat.Gnu => new GnuTarEntry(type, path),
            _ => new UstarTarEntry(type, path),
        };
        if (content is not null) entry.DataStream = new MemoryStream(content);
        return entry;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public static byte[] ValidBundle() => Gzip(Tar(ValidFiles()));

    /// <summary>The valid files plus extra entries added by <paramref name="extra"/>, as a .tar.gz.</summary>
    public static byte[] ValidBundleWith(Action<TarWriter> extra) => Gzip(Tar(writer =>
    {
        foreach (var (path, content) in ValidFiles())
            writer.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, path, content));
        extra(writer);
    }));

    /// <summary>The valid files plus one more regular file, as a .tar.gz.</summary>
    public static byte[] ValidBundleWithFile(string path, byte[] content) =>
        ValidBundleWith(w => w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, path, content)));

    /// <summary>A bundle whose manifest is <paramref name="manifestJson"/> and whose other files are the valid ones.</summary>
    public static byte[] BundleWithManifest(string manifestJson) =>
        Gzip(Tar(ValidFiles().Select(f => f.Path == "manifest.json" ? (f.Path, Utf8(manifestJson)) : f)));
}
