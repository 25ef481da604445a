using System.Formats.Tar;
using System.Text;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Tests.Support;
using static Selegic.Extensions.Contracts.Tests.Support.TestArchives;

namespace Selegic.Extensions.Contracts.Tests.Bundles;

public sealed class BundleReaderTests
{
    [Fact]
    public void A_valid_bundle_gives_manifest_files_and_content_hash()
    {
        var bytes = ValidBundle();
        var bundle = BundleReader.Read(bytes, BundleLimits.Default);

        Assert.Equal(ContentHash.Compute(bytes), bundle.ContentHash);
        Assert.Equal("vacation-trip", bundle.Manifest.Slug);
        Assert.Equal("1.2.0", bundle.Manifest.Version);
        Assert.Equal(["handler.wasm", "manifest.json", "ui/index.html"], bundle.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(EmptyWasmModule, bundle.Handler!.Value.ToArray());
        Assert.Equal("<!doctype html><title>trip</title>", Encoding.UTF8.GetString(bundle.Files["ui/index.html"].Span));
        Assert.Equal(bytes.Length, bundle.CompressedBytes);
        Assert.Equal(ValidFiles().Sum(f => f.Content.Length), bundle.UnpackedBytes);
    }

    [Fact]
    public void A_content_hash_the_caller_already_computed_is_taken_as_given()
    {
        var bytes = ValidBundle();
        var known = ContentHash.Compute(bytes);
        var bundle = BundleReader.Read(bytes, BundleLimits.Default, known);
        Assert.Same(known, bundle.ContentHash);
        Assert.Equal("vacation-trip", bundle.Manifest.Slug);
    }

    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Ustar_pax_and_gnu_archives_are_read(TarEntryFormat format)
    {
        var bundle = BundleReader.Read(Gzip(Tar(ValidFiles(), format)), BundleLimits.Default);
        Assert.Equal(3, bundle.Files.Count);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)] // long name in a pax 'path' record
    [InlineData(TarEntryFormat.Gnu)] // long name in a GNU 'L' entry
    [InlineData(TarEntryFormat.Ustar)] // long name split into prefix and name
    public void Long_paths_are_read_whole(TarEntryFormat format)
    {
        var longPath = "ui/" + string.Join('/', Enumerable.Repeat("deeply-nested-folder", 8)) + "/page.html";
        Assert.True(longPath.Length > 100);
        var files = ValidFiles().Append((longPath, Utf8("<p>deep</p>")));
        var bundle = BundleReader.Read(Gzip(Tar(files, format)), BundleLimits.Default);
        Assert.Equal("<p>deep</p>", Encoding.UTF8.GetString(bundle.Files[longPath].Span));
    }

    [Fact]
    public void Leading_dot_slash_and_the_root_directory_entry_are_accepted_as_tar_C_dir_dot_writes_them()
    {
        var bundle = BundleReader.Read(Gzip(Tar(w =>
        {
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Directory, "./"));
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Directory, "./ui/"));
            foreach (var (path, content) in ValidFiles())
                w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, "./" + path, content));
        })), BundleLimits.Default);

        Assert.True(bundle.Files.ContainsKey("manifest.json"));
        Assert.True(bundle.Files.ContainsKey("ui/index.html"));
        Assert.Equal(["ui"], bundle.Directories);
    }

    [Theory]
    [InlineData("gnu")]
    [InlineData("pax")]
    [InlineData("ustar")]
    public void A_bundle_made_by_gnu_tar_and_gzip_is_read(string format)
    {
        var dir = Directory.CreateTempSubdirectory("scrm-gnutar-");
        try
        {
            var content = Directory.CreateDirectory(Path.Combine(dir.FullName, "content"));
            foreach (var (path, bytes) in ValidFiles())
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(content.FullName, path))!);
                File.WriteAllBytes(Path.Combine(content.FullName, path), bytes);
            }
            var output = Path.Combine(dir.FullName, "bundle.tar.gz");
            var start = new System.Diagnostics.ProcessStartInfo("tar") { RedirectStandardError = true };
            foreach (var a in new[] { $"--format={format}", "-C", content.FullName, "-czf", output, "." }) start.ArgumentList.Add(a);
            using (var tar = System.Diagnostics.Process.Start(start)!)
            {
                var error = tar.StandardError.ReadToEnd();
                tar.WaitForExit();
                Assert.True(tar.ExitCode == 0, error);
            }

            var bundle = BundleReader.Read(File.ReadAllBytes(output), BundleLimits.Default);
            Assert.Equal(["handler.wasm", "manifest.json", "ui/index.html"], bundle.Files.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(["ui"], bundle.Directories);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Zero_padding_after_the_end_marker_is_accepted()
    {
        var tar = Tar(ValidFiles());
        var padded = tar.Concat(new byte[10240]).ToArray(); // GNU tar pads to 10 KiB records
        Assert.Equal(3, BundleReader.Read(Gzip(padded), BundleLimits.Default).Files.Count);
    }

    [Fact]
    public void A_small_bundle_that_is_mostly_tar_padding_is_not_mistaken_for_a_bomb()
    {
        // 10 KiB of mostly zeros compresses far better than 100:1; the ratio floor keeps it legal.
        var padded = Tar(ValidFiles()).Concat(new byte[64 * 1024]).ToArray();
        var bytes = Gzip(padded);
        Assert.True(padded.Length / bytes.Length > 100);
        Assert.Equal(3, BundleReader.Read(bytes, BundleLimits.Default).Files.Count);
    }

    [Fact]
    public void Files_up_to_the_limits_are_accepted()
    {
        var limits = BundleLimits.Default with { MaxFileBytes = 4096, MaxUnpackedBytes = 4096 * 3, MaxEntries = 5 };
        var exact = HostileArchiveTests.RandomBytes(4096);
        var files = new List<(string, byte[])> { ("manifest.json", Utf8(ManifestJson)), ("handler.wasm", EmptyWasmModule), ("ui/index.html", exact) };
        var bundle = BundleReader.Read(Gzip(Tar(files)), limits);
        Assert.Equal(exact, bundle.Files["ui/index.html"].ToArray());
    }

    [Fact]
    public void A_ui_only_bundle_needs_no_handler()
    {
        var manifest = """{"slug":"ui-only","name":"UI only","version":"0.1.0","runtime":"wasm@1","ui":{"type":"iframe","entry":"ui/index.html"}}""";
        var bundle = BundleReader.Read(Gzip(Tar([("manifest.json", Utf8(manifest)), ("ui/index.html", Utf8("<p>hi</p>"))])), BundleLimits.Default);
        Assert.Null(bundle.Handler);
        Assert.Null(bundle.Manifest.Handler);
    }

    [Fact]
    public void A_bundle_inside_a_larger_buffer_is_read_from_its_slice()
    {
        var bytes = ValidBundle();
        var buffer = new byte[bytes.Length + 100];
        bytes.CopyTo(buffer, 50);
        var bundle = BundleReader.Read(buffer.AsMemory(50, bytes.Length), BundleLimits.Default);
        Assert.Equal(ContentHash.Compute(bytes), bundle.ContentHash);
    }

    [Fact]
    public void Invalid_limits_are_a_programming_error_not_a_refusal() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BundleReader.Read(ValidBundle(), BundleLimits.Default with { MaxEntries = 0 }));
}
