using System.Formats.Tar;
using System.IO.Compression;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Tests.Support;
using static Selegic.Extensions.Contracts.Tests.Support.TestArchives;

namespace Selegic.Extensions.Contracts.Tests.Bundles;

/// <summary>The hostile-archive corpus: every archive here must be refused with its own code.</summary>
public sealed class HostileArchiveTests
{
    private static BundleException Refused(string code, byte[] bundle, BundleLimits? limits = null) =>
        Refusal.Expect(code, () => BundleReader.Read(bundle, limits ?? BundleLimits.Default));

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("../../../../etc/cron.d/evil")]
    [InlineData("ui/../../evil.txt")]
    [InlineData("ui/..")]
    [InlineData("./../evil.txt")]
    public void Zip_slip_paths_are_refused(string path) =>
        Refused(ErrorCodes.ArchivePathTraversal, ValidBundleWithFile(path, Utf8("x")));

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/manifest.json")]
    [InlineData("C:/Windows/evil.dll")]
    [InlineData("c:evil.txt")]
    public void Absolute_paths_are_refused(string path) =>
        Refused(ErrorCodes.ArchiveAbsolutePath, ValidBundleWithFile(path, Utf8("x")));

    [Theory]
    [InlineData("ui\\evil.txt")]
    [InlineData("..\\evil.txt")]
    [InlineData("ui//index2.html")]
    [InlineData("ui/./a.html")]
    [InlineData("ui/a:b.html")]
    [InlineData("ui/bell\u0007.html")]
    public void Backslashes_empty_or_dot_segments_colons_and_control_characters_are_refused(string path) =>
        Refused(ErrorCodes.ArchiveInvalidPath, ValidBundleWithFile(path, Utf8("x")));

    [Fact]
    public void A_path_that_is_not_utf8_is_refused()
    {
        var name = Utf8("ui/x").Concat(new byte[] { 0xC3, 0x28 }).ToArray(); // invalid 2-byte sequence
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        tar.Header(System.Text.Encoding.Latin1.GetString(name), '0', 0);
        // RawTar encodes names as UTF-8, so patch the raw bytes back in.
        var bytes = tar.End().ToArray();
        var headerOffset = bytes.Length - 1024 - 512;
        Array.Clear(bytes, headerOffset, 100);
        name.CopyTo(bytes, headerOffset);
        FixChecksum(bytes, headerOffset);
        Refused(ErrorCodes.ArchiveInvalidPath, Gzip(bytes));
    }

    [Fact]
    public void A_symbolic_link_is_refused() =>
        Refused(ErrorCodes.ArchiveSymlink, ValidBundleWith(w =>
        {
            var link = Entry(TarEntryFormat.Ustar, TarEntryType.SymbolicLink, "ui/passwd");
            link.LinkName = "/etc/passwd";
            w.WriteEntry(link);
        }));

    [Fact]
    public void A_hard_link_is_refused() =>
        Refused(ErrorCodes.ArchiveHardLink, ValidBundleWith(w =>
        {
            var link = Entry(TarEntryFormat.Ustar, TarEntryType.HardLink, "ui/copy.html");
            link.LinkName = "ui/index.html";
            w.WriteEntry(link);
        }));

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public void Devices_are_refused(TarEntryType type) =>
        Refused(ErrorCodes.ArchiveDevice, ValidBundleWith(w => w.WriteEntry(Entry(TarEntryFormat.Ustar, type, "ui/dev"))));

    [Fact]
    public void A_fifo_is_refused() =>
        Refused(ErrorCodes.ArchiveFifo, ValidBundleWith(w => w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Fifo, "ui/pipe"))));

    [Theory]
    [InlineData('7')] // contiguous file
    [InlineData('S')] // GNU sparse file
    [InlineData('V')] // GNU volume header
    [InlineData('Z')] // not a tar type at all
    public void Unsupported_entry_types_are_refused(char type)
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        Refused(ErrorCodes.ArchiveUnsupportedEntry, Gzip(tar.Header("ui/odd", type, 0).End().ToArray()));
    }

    [Theory]
    [InlineData(".env")]
    [InlineData("ui/.secret")]
    [InlineData(".git/config")]
    [InlineData("ui/.cache/x.js")]
    public void Dotfiles_and_hidden_directories_are_refused(string path) =>
        Refused(ErrorCodes.ArchiveHiddenPath, ValidBundleWithFile(path, Utf8("x")));

    [Fact]
    public void A_hidden_directory_entry_is_refused() =>
        Refused(ErrorCodes.ArchiveHiddenPath, ValidBundleWith(w => w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Directory, ".git/"))));

    [Fact]
    public void A_file_over_the_default_per_file_limit_is_refused()
    {
        var big = new byte[16 * 1024 * 1024 + 1];
        Random.Shared.NextBytes(big); // incompressible, so only the per-file limit can object
        Refused(ErrorCodes.ArchiveFileTooLarge, ValidBundleWithFile("ui/big.bin", big));
    }

    [Fact]
    public void A_header_claiming_a_huge_file_is_refused_before_any_allocation()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        var bundle = Gzip(tar.Header("ui/huge.bin", '0', 8L * 1024 * 1024 * 1024 - 1).Raw(new byte[512]).End().ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        Refused(ErrorCodes.ArchiveFileTooLarge, bundle);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * 1024 * 1024);
    }

    [Fact]
    public void Files_over_the_total_unpacked_limit_are_refused()
    {
        var limits = BundleLimits.Default with { MaxFileBytes = 64 * 1024, MaxUnpackedBytes = 100 * 1024 };
        var chunk = new byte[60 * 1024];
        Random.Shared.NextBytes(chunk);
        var bundle = ValidBundleWith(w =>
        {
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, "ui/a.bin", chunk));
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, "ui/b.bin", chunk));
        });
        Refused(ErrorCodes.ArchiveUnpackedTooLarge, bundle, limits);
    }

    [Fact]
    public void Metadata_headers_count_against_the_unpacked_budget()
    {
        // Few file bytes, but megabytes of pax global headers: the structural allowance stops them.
        var limits = BundleLimits.Default with { MaxEntries = 10, MaxUnpackedBytes = 64 * 1024 };
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        for (var i = 0; i < 40; i++)
        {
            var record = PaxRecord("comment", Convert.ToHexString(RandomBytes(30 * 1024)));
            tar.Header($"pax_global_header{i}", 'g', record.Length).Data(record);
        }
        Refused(ErrorCodes.ArchiveUnpackedTooLarge, Gzip(tar.End().ToArray()), limits);
    }

    [Fact]
    public void A_gzip_of_zeros_bomb_is_stopped_early_without_allocating_its_output()
    {
        // 4 gzip members of 64 MiB of zeros each: 256 MiB of output from about 260 KiB of input.
        var member = Gzip(new byte[64 * 1024 * 1024]);
        var bomb = Enumerable.Repeat(member, 4).SelectMany(m => m).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(ErrorCodes.ArchiveCompressionRatio, bomb);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024, "the bomb's output was buffered");
        Assert.Contains("100:1", e.Message);
    }

    [Fact]
    public void A_tar_of_highly_compressible_files_within_size_limits_is_refused_by_ratio()
    {
        var zeros = new byte[8 * 1024 * 1024];
        var bundle = ValidBundleWith(w =>
        {
            for (var i = 0; i < 4; i++)
                w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, $"ui/zeros{i}.bin", zeros));
        });
        Refused(ErrorCodes.ArchiveCompressionRatio, bundle);
    }

    [Fact]
    public void More_than_the_default_entry_count_is_refused() =>
        Refused(ErrorCodes.ArchiveTooManyEntries, ValidBundleWith(w =>
        {
            for (var i = 0; i < 1000; i++)
                w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.RegularFile, $"ui/f{i}.txt", Utf8("x")));
        }));

    [Fact]
    public void Entry_count_limit_counts_directories_too()
    {
        var limits = BundleLimits.Default with { MaxEntries = 4 };
        Refused(ErrorCodes.ArchiveTooManyEntries, ValidBundleWith(w =>
        {
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Directory, "ui/"));
            w.WriteEntry(Entry(TarEntryFormat.Ustar, TarEntryType.Directory, "img/"));
        }), limits);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_truncated_gzip_is_refused(double keep)
    {
        var padded = ValidBundleWithFile("ui/noise.bin", RandomBytes(64 * 1024));
        Refused(ErrorCodes.ArchiveTruncated, padded[..(int)(padded.Length * keep)]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void A_gzip_missing_its_trailer_is_refused(int cut) =>
        Refused(ErrorCodes.ArchiveTruncated, ValidBundle()[..^cut]);

    [Fact]
    public void A_tar_cut_off_inside_a_file_is_refused_as_truncated()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        var bundle = Gzip(tar.Header("ui/cut.bin", '0', 4096).Raw(new byte[1000]).ToArray());
        Refused(ErrorCodes.ArchiveTruncated, bundle);
    }

    [Fact]
    public void A_tar_without_end_marker_is_refused_as_truncated()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        Refused(ErrorCodes.ArchiveTruncated, Gzip(tar.ToArray()));
    }

    [Fact]
    public void Corrupt_gzip_data_is_refused()
    {
        var bundle = ValidBundleWithFile("ui/noise.bin", RandomBytes(4096));
        bundle[^6] ^= 0xFF; // inside the CRC-32 / size trailer
        Refused(ErrorCodes.ArchiveCorrupt, bundle);
    }

    [Fact]
    public void Random_bytes_are_refused_as_not_gzip() =>
        Refused(ErrorCodes.ArchiveNotGzip, RandomBytes(4096));

    [Fact]
    public void A_plain_tar_without_gzip_is_refused_as_not_gzip() =>
        Refused(ErrorCodes.ArchiveNotGzip, Tar(ValidFiles()));

    [Fact]
    public void A_gzip_of_text_is_refused_as_not_tar() =>
        Refused(ErrorCodes.ArchiveNotTar, Gzip(Utf8(string.Concat(Enumerable.Repeat("hello, this is not a tar archive\n", 100)))));

    [Fact]
    public void A_gzip_of_short_text_is_refused_as_not_tar() =>
        Refused(ErrorCodes.ArchiveNotTar, Gzip(Utf8("hello")));

    [Fact]
    public void A_gzip_of_nothing_is_refused_as_not_tar() =>
        // header, an empty final deflate block, CRC-32 0 and size 0 (GZipStream writes no bytes at all for no input)
        Refused(ErrorCodes.ArchiveNotTar, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);

    [Fact]
    public void A_gzip_of_a_zip_file_is_refused_as_not_tar()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry("manifest.json").Open()))
            writer.Write(ManifestJson);
        Refused(ErrorCodes.ArchiveNotTar, Gzip(zip.ToArray()));
    }

    [Fact]
    public void An_empty_upload_is_refused() => Refused(ErrorCodes.ArchiveEmpty, []);

    [Fact]
    public void A_bundle_over_the_compressed_size_limit_is_refused()
    {
        var limits = BundleLimits.Default with { MaxCompressedBytes = 1024 };
        Refused(ErrorCodes.ArchiveTooLarge, ValidBundleWithFile("ui/noise.bin", RandomBytes(2048)), limits);
    }

    [Fact]
    public void A_bundle_over_the_default_compressed_size_limit_is_refused_before_decompression()
    {
        var bundle = new byte[20 * 1024 * 1024 + 1];
        ValidBundle().CopyTo(bundle, 0);
        Refused(ErrorCodes.ArchiveTooLarge, bundle);
    }

    [Fact]
    public void A_damaged_second_header_is_refused_as_malformed()
    {
        var tar = new RawTar().File("manifest.json", Utf8(ManifestJson)).Header("handler.wasm", '0', 8, fixChecksum: false)
            .Data(EmptyWasmModule).End();
        Refused(ErrorCodes.ArchiveMalformedHeader, Gzip(tar.ToArray()));
    }

    [Fact]
    public void A_malformed_pax_record_is_refused()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        var record = Utf8("99 path=ui/x.html\n"); // length says 99, record is 18 bytes
        tar.Header("PaxHeaders/x", 'x', record.Length).Data(record).File("ui/x.html", Utf8("x")).End();
        Refused(ErrorCodes.ArchiveMalformedHeader, Gzip(tar.ToArray()));
    }

    [Fact]
    public void A_pax_path_is_checked_like_any_other_path()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        var record = PaxRecord("path", "../../evil.txt");
        tar.Header("PaxHeaders/innocent", 'x', record.Length).Data(record).File("innocent.txt", Utf8("x")).End();
        Refused(ErrorCodes.ArchivePathTraversal, Gzip(tar.ToArray()));
    }

    [Fact]
    public void Non_zero_data_after_the_end_marker_is_refused()
    {
        var tar = new RawTar();
        foreach (var (path, content) in ValidFiles()) tar.File(path, content);
        Refused(ErrorCodes.ArchiveTrailingData, Gzip(tar.End().Raw(Utf8("smuggled")).ToArray()));
    }

    [Theory]
    [InlineData("ui/index.html")]
    [InlineData("UI/INDEX.HTML")]
    public void Duplicate_entries_are_refused(string second) =>
        Refused(ErrorCodes.ArchiveDuplicateEntry, ValidBundleWithFile(second, Utf8("second")));

    [Fact]
    public void A_file_that_is_also_a_directory_is_refused() =>
        Refused(ErrorCodes.ArchiveDuplicateEntry, ValidBundleWithFile("handler.wasm/inner.txt", Utf8("x")));

    [Fact]
    public void A_missing_manifest_is_refused() =>
        Refused(ErrorCodes.ManifestMissing, Gzip(Tar(ValidFiles().Where(f => f.Path != "manifest.json"))));

    [Fact]
    public void A_manifest_in_a_subdirectory_is_refused_with_a_hint()
    {
        var e = Refused(ErrorCodes.ManifestMissing, Gzip(Tar(ValidFiles().Select(f => ("dist/" + f.Path, f.Content)))));
        Assert.Contains("dist/manifest.json", e.Message);
    }

    [Fact]
    public void A_missing_handler_is_refused() =>
        Refused(ErrorCodes.HandlerMissing, Gzip(Tar(ValidFiles().Where(f => f.Path != "handler.wasm"))));

    [Theory]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0 })] // an ELF binary
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00 })] // a component, not a core module
    [InlineData(new byte[] { 0x00, 0x61, 0x73 })] // cut-off magic
    public void A_handler_that_is_not_core_wasm_is_refused(byte[] handler) =>
        Refused(ErrorCodes.HandlerNotWasm, Gzip(Tar(ValidFiles().Select(f => f.Path == "handler.wasm" ? (f.Path, handler) : f))));

    [Theory]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 })] // a core module, not a component
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0 })] // an ELF binary
    public void A_javascript_handler_that_is_not_a_component_is_refused(byte[] handler) =>
        Refused(ErrorCodes.HandlerNotWasm, Gzip(Tar(ValidFiles().Select(f => f switch
        {
            ("handler.wasm", _) => (f.Path, handler),
            ("manifest.json", _) => (f.Path, Utf8(ManifestJson.Replace("\"wasm@1\"", "\"wasm-js@1\""))),
            _ => f,
        }))));

    [Fact]
    public void A_javascript_handler_that_is_a_component_is_read()
    {
        byte[] component = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];
        var bundle = BundleReader.Read(Gzip(Tar(ValidFiles().Select(f => f switch
        {
            ("handler.wasm", _) => (f.Path, component),
            ("manifest.json", _) => (f.Path, Utf8(ManifestJson.Replace("\"wasm@1\"", "\"wasm-js@1\""))),
            _ => f,
        }))));
        Assert.Equal("wasm-js@1", bundle.Manifest.Runtime);
        Assert.Equal(component, bundle.Handler!.Value.ToArray());
    }

    [Fact]
    public void A_missing_ui_entry_is_refused() =>
        Refused(ErrorCodes.UiEntryMissing, Gzip(Tar(ValidFiles().Where(f => f.Path != "ui/index.html"))));

    [Fact]
    public void An_invalid_manifest_inside_a_bundle_is_refused_with_the_parser_code() =>
        Refused(ErrorCodes.ManifestUnknownField, BundleWithManifest(ManifestJson.Replace("\"slug\"", "\"permissions\": [], \"slug\"")));

    internal static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    internal static byte[] PaxRecord(string key, string value)
    {
        var body = $" {key}={value}\n";
        var length = body.Length + 1;
        while ((length.ToString() + body).Length != length) length++;
        return Utf8(length + body);
    }

    private static void FixChecksum(byte[] tar, int offset)
    {
        for (var i = 148; i < 156; i++) tar[offset + i] = (byte)' ';
        var sum = tar.AsSpan(offset, 512).ToArray().Sum(b => (long)b);
        var text = Convert.ToString(sum, 8).PadLeft(6, '0');
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(tar, offset + 148);
        tar[offset + 154] = 0;
    }
}
