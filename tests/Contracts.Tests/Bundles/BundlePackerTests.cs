using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Tests.Support;
using static Selegic.Extensions.Contracts.Tests.Support.TestArchives;

namespace Selegic.Extensions.Contracts.Tests.Bundles;

public sealed class BundlePackerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("scrm-pack-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Write(string relative, byte[] content, DirectoryInfo? root = null)
    {
        var path = Path.Combine((root ?? _root).FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    private void WriteValidExtension(DirectoryInfo? root = null)
    {
        foreach (var (path, content) in ValidFiles()) Write(path, content, root);
        Write("ui/css/app.css", Utf8("body{}"), root);
    }

    [Fact]
    public void A_packed_directory_reads_back_with_the_same_files()
    {
        WriteValidExtension();
        Directory.CreateDirectory(Path.Combine(_root.FullName, "ui", "img"));

        var packed = BundlePacker.Pack(_root.FullName);
        var bundle = BundleReader.Read(packed.Bytes, BundleLimits.Default);

        Assert.Equal(ContentHash.Compute(packed.Bytes), packed.ContentHash);
        Assert.Equal(packed.ContentHash, bundle.ContentHash);
        Assert.Equal(["handler.wasm", "manifest.json", "ui/css/app.css", "ui/index.html"], packed.Files);
        Assert.Equal(packed.Files, bundle.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, content) in ValidFiles()) Assert.Equal(content, bundle.Files[path].ToArray());
        Assert.Equal(["ui", "ui/css", "ui/img"], bundle.Directories);
    }

    [Fact]
    public void Dotfiles_hidden_directories_and_node_modules_are_left_out()
    {
        WriteValidExtension();
        Write(".env", Utf8("SECRET=1"));
        Write(".git/config", Utf8("[core]"));
        Write("ui/.DS_Store", Utf8("x"));
        Write("ui/.cache/chunk.js", Utf8("x"));
        Write("node_modules/left-pad/index.js", Utf8("x"));
        Write("ui/node_modules/x.js", Utf8("x"));
        Write("ui/node_modules.txt", Utf8("kept: only directories named node_modules are filtered"));

        var packed = BundlePacker.Pack(_root.FullName);
        var bundle = BundleReader.Read(packed.Bytes, BundleLimits.Default);

        Assert.Equal([".env", ".git", "node_modules", "ui/.DS_Store", "ui/.cache", "ui/node_modules"], packed.Skipped);
        Assert.DoesNotContain(bundle.Files.Keys, k => k.Contains("/.") || k.StartsWith('.') || k.Contains("node_modules/"));
        Assert.True(bundle.Files.ContainsKey("ui/node_modules.txt"));
    }

    [Fact]
    public void The_exclude_filter_leaves_out_what_it_matches()
    {
        WriteValidExtension();
        Write("dist/bundle.tar.gz", Utf8("previous output"));
        var packed = BundlePacker.Pack(_root.FullName, path => path == "dist");
        Assert.Contains("dist", packed.Skipped);
        Assert.DoesNotContain(packed.Files, f => f.StartsWith("dist"));
    }

    [Fact]
    public void Packing_is_deterministic_across_directories_times_and_creation_order()
    {
        var other = Directory.CreateTempSubdirectory("scrm-pack-other-");
        try
        {
            WriteValidExtension();
            // Same content, created in reverse order, with other time stamps and permissions.
            foreach (var (path, content) in ValidFiles().AsEnumerable().Reverse()) Write(path, content, other);
            Write("ui/css/app.css", Utf8("body{}"), other);
            foreach (var file in other.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                file.LastWriteTimeUtc = new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var first = BundlePacker.Pack(_root.FullName);
            var again = BundlePacker.Pack(_root.FullName);
            var elsewhere = BundlePacker.Pack(other.FullName);
            Assert.Equal(first.Bytes, again.Bytes);
            Assert.Equal(first.Bytes, elsewhere.Bytes);
            Assert.Equal(first.ContentHash, elsewhere.ContentHash);
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public void Entries_are_sorted_regular_files_and_directories_with_fixed_metadata_as_an_independent_reader_sees_them()
    {
        WriteValidExtension();
        var longPath = "ui/" + string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 6)) + "/deep.html";
        Write(longPath, Utf8("<p>deep</p>"));

        var packed = BundlePacker.Pack(_root.FullName);
        Assert.Equal(0xFF, packed.Bytes[9]); // gzip OS byte: unknown
        Assert.Equal(new byte[4], packed.Bytes[4..8]); // gzip MTIME: none

        using var reader = new TarReader(new GZipStream(new MemoryStream(packed.Bytes), CompressionMode.Decompress));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(TarEntryFormat.Ustar, entry.Format);
            Assert.Contains(entry.EntryType, new[] { TarEntryType.RegularFile, TarEntryType.Directory });
            Assert.Equal(new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.ModificationTime);
            Assert.Equal(0, entry.Uid);
            Assert.Equal(0, entry.Gid);
            Assert.Equal(entry.EntryType == TarEntryType.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100, entry.Mode);
            if (entry.Name == longPath) Assert.Equal("<p>deep</p>", new StreamReader(entry.DataStream!, Encoding.UTF8).ReadToEnd());
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains(longPath, names);
        Assert.Contains("ui/", names);
    }

    [Fact]
    public void Replacements_override_or_add_files()
    {
        WriteValidExtension();
        var manifest = Utf8(ManifestJson.Replace("Plan trips", "Plan trips, replaced"));
        var packed = BundlePacker.Pack(_root.FullName, replacements: new Dictionary<string, byte[]>
        {
            ["manifest.json"] = manifest,
            ["ui/extra.html"] = Utf8("<p>added</p>"),
        });
        var bundle = BundleReader.Read(packed.Bytes, BundleLimits.Default);
        Assert.Equal("Plan trips, replaced", bundle.Manifest.Description);
        Assert.Equal("<p>added</p>", Encoding.UTF8.GetString(bundle.Files["ui/extra.html"].Span));
        Assert.Equal(Utf8(ManifestJson), File.ReadAllBytes(Path.Combine(_root.FullName, "manifest.json"))); // the folder is untouched
    }

    [Theory]
    [InlineData("../manifest.json", ErrorCodes.ArchivePathTraversal)]
    [InlineData(".env", ErrorCodes.ArchiveHiddenPath)]
    [InlineData("ui", ErrorCodes.ArchiveDuplicateEntry)]
    public void Replacements_obey_the_path_rules(string path, string code)
    {
        WriteValidExtension();
        Refusal.Expect(code, () => BundlePacker.Pack(_root.FullName, replacements: new Dictionary<string, byte[]> { [path] = Utf8("x") }));
    }

    [Fact]
    public void A_symbolic_link_is_refused_rather_than_followed()
    {
        WriteValidExtension();
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "ui", "passwd"), "/etc/passwd");
        Refusal.Expect(ErrorCodes.ArchiveSymlink, () => BundlePacker.Pack(_root.FullName));
    }

    [Fact]
    public void A_file_name_a_bundle_cannot_hold_is_refused() // a backslash is legal in a Linux file name
    {
        WriteValidExtension();
        Write("ui/back\\slash.html", Utf8("x"));
        Refusal.Expect(ErrorCodes.ArchiveInvalidPath, () => BundlePacker.Pack(_root.FullName));
    }

    [Fact]
    public void A_missing_directory_is_an_io_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => BundlePacker.Pack(Path.Combine(_root.FullName, "nope")));
}
