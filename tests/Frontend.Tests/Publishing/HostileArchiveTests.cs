using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Publishing;

/// <summary>
/// A representative hostile-archive corpus through real HTTP (the Contracts tests cover every
/// case at unit level). Each bundle carries a correct checksum, so the archive checks themselves
/// must refuse it; each refusal leaves no version, no blob, and an audit record.
/// The server runs with <see cref="SmallLimits"/>.
/// </summary>
public abstract class HostileArchiveTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;
    private const string Slug = "hostile";

    private static TarEntry Manifest() => TestBundles.ManifestEntry(Slug, "1.0.0");
    private static TarEntry Ui() => TestBundles.File("ui/index.html", "<p>hi</p>");

    public static TheoryData<string, string> Corpus() => new()
    {
        { "zip-slip", ErrorCodes.ArchivePathTraversal },
        { "absolute-path", ErrorCodes.ArchiveAbsolutePath },
        { "symlink", ErrorCodes.ArchiveSymlink },
        { "hard-link", ErrorCodes.ArchiveHardLink },
        { "char-device", ErrorCodes.ArchiveDevice },
        { "dotfile", ErrorCodes.ArchiveHiddenPath },
        { "hidden-directory", ErrorCodes.ArchiveHiddenPath },
        { "too-many-entries", ErrorCodes.ArchiveTooManyEntries },
        { "huge-file", ErrorCodes.ArchiveFileTooLarge },
        { "unpacked-too-large", ErrorCodes.ArchiveUnpackedTooLarge },
        { "bomb-ratio", ErrorCodes.ArchiveCompressionRatio },
        { "truncated-gzip", ErrorCodes.ArchiveTruncated },
        { "not-a-tar", ErrorCodes.ArchiveNotTar },
        { "not-gzip", ErrorCodes.ArchiveNotGzip },
        { "empty", ErrorCodes.ArchiveEmpty },
        { "fifo", ErrorCodes.ArchiveFifo },
        { "duplicate-entry", ErrorCodes.ArchiveDuplicateEntry },
        { "backslash-path", ErrorCodes.ArchiveInvalidPath },
        { "corrupt-gzip", ErrorCodes.ArchiveCorrupt },
        { "trailing-data", ErrorCodes.ArchiveTrailingData },
        { "damaged-header", ErrorCodes.ArchiveMalformedHeader },
    };

    private static byte[] Build(string name) => name switch
    {
        "zip-slip" => TestBundles.Entries(Manifest(), Ui(), TestBundles.File("ui/../../evil.sh", "rm -rf /")),
        "absolute-path" => TestBundles.Entries(Manifest(), Ui(), TestBundles.File("/etc/cron.d/evil", "* * * * * root sh")),
        "symlink" => TestBundles.Entries(Manifest(), Ui(), new PaxTarEntry(TarEntryType.SymbolicLink, "ui/passwd") { LinkName = "/etc/passwd" }),
        "hard-link" => TestBundles.Entries(Manifest(), Ui(), new PaxTarEntry(TarEntryType.HardLink, "ui/copy.html") { LinkName = "ui/index.html" }),
        "char-device" => TestBundles.Entries(Manifest(), Ui(), new PaxTarEntry(TarEntryType.CharacterDevice, "ui/null") { DeviceMajor = 1, DeviceMinor = 3 }),
        "dotfile" => TestBundles.Entries(Manifest(), Ui(), TestBundles.File(".env", "SECRET=1")),
        "hidden-directory" => TestBundles.Entries(Manifest(), Ui(), TestBundles.File("ui/.git/config", "[core]")),
        "too-many-entries" => TestBundles.Entries([Manifest(), Ui(), .. Enumerable.Range(0, SmallLimits.MaxEntries).Select(i => TestBundles.File($"ui/f{i}.txt", "x"))]),
        "huge-file" => TestBundles.Files(("manifest.json", ManifestBytes()), ("ui/index.html", "x"u8.ToArray()),
            ("ui/huge.bin", RandomNumberGenerator.GetBytes(SmallLimits.MaxFileBytes + 1))),
        "unpacked-too-large" => TestBundles.Files([("manifest.json", ManifestBytes()), ("ui/index.html", "x"u8.ToArray()),
            .. Enumerable.Range(0, 5).Select(i => ($"ui/part{i}.bin", RandomNumberGenerator.GetBytes(SmallLimits.MaxFileBytes - 1024)))]),
        "bomb-ratio" => TestBundles.Files([("manifest.json", ManifestBytes()), ("ui/index.html", "x"u8.ToArray()),
            .. Enumerable.Range(0, 3).Select(i => ($"ui/zeros{i}.bin", new byte[SmallLimits.MaxFileBytes - 1024]))]),
        "truncated-gzip" => TestBundles.Valid(Slug, "1.0.0", padding: 4096)[..^2000],
        "not-a-tar" => TestBundles.Gzip(RandomNumberGenerator.GetBytes(4096)),
        "not-gzip" => TestBundles.Tar(Manifest(), Ui()),
        "empty" => [],
        "fifo" => TestBundles.Entries(Manifest(), Ui(), new PaxTarEntry(TarEntryType.Fifo, "ui/pipe")),
        "duplicate-entry" => TestBundles.Entries(Manifest(), Ui(), Ui()),
        "backslash-path" => TestBundles.Entries(Manifest(), Ui(), TestBundles.File("ui\\evil.html", "x")),
        "corrupt-gzip" => Corrupted(TestBundles.Valid(Slug, "1.0.0", padding: 4096)),
        "trailing-data" => TestBundles.Gzip([.. TestBundles.Tar(Manifest(), Ui()), .. "smuggled"u8.ToArray()]),
        "damaged-header" => TestBundles.Gzip(WithDamagedSecondHeader()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such corpus entry"),
    };

    private static byte[] Corrupted(byte[] bundle)
    {
        bundle[^6] ^= 0xFF; // inside the gzip trailer's CRC-32: the data no longer matches it
        return bundle;
    }

    /// <summary>Ustar (no pax headers), so the second header sits right after the manifest's data blocks; its checksum is left stale.</summary>
    private static byte[] WithDamagedSecondHeader()
    {
        var manifest = ManifestBytes();
        var tar = TestBundles.Tar(
            new UstarTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) },
            new UstarTarEntry(TarEntryType.RegularFile, "ui/index.html") { DataStream = new MemoryStream("x"u8.ToArray()) });
        var secondHeader = 512 + (manifest.Length + 511) / 512 * 512;
        tar[secondHeader] ^= 0x20; // 'u' -> 'U' in the name
        return tar;
    }

    private static byte[] ManifestBytes() => System.Text.Encoding.UTF8.GetBytes(TestBundles.ManifestJson(Slug, "1.0.0"));

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Hostile_archive_is_refused_with_its_own_code(string name, string code)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = Build(name);
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, Slug, bundle);
        await Server.AssertRefusedAsync(response, tenant, key, Slug, bundle, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task The_same_server_accepts_a_clean_bundle()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, Slug, TestBundles.Entries(Manifest(), Ui()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Bundle_past_the_compressed_limit_is_413_archive_too_large()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        // Over the bundle limit but, with multipart framing, under Kestrel's request limit: the registry refuses it.
        var bundle = RandomNumberGenerator.GetBytes(SmallLimits.MaxCompressedBytes + 1024);
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, Slug, bundle);
        await Server.AssertRefusedAsync(response, tenant, key, Slug, bundle, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.ArchiveTooLarge);
    }

    [Fact]
    public async Task Request_body_past_the_server_limit_is_413_payload_too_large()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = RandomNumberGenerator.GetBytes(SmallLimits.MaxCompressedBytes * 2);
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, Slug, bundle);
        await Server.AssertRefusedAsync(response, tenant, key, Slug, bundle, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }
}

public sealed class HostileArchiveTestsOnSqlite(SqliteServerWithSmallLimits fixture) : HostileArchiveTests(fixture), IClassFixture<SqliteServerWithSmallLimits>;

public sealed class HostileArchiveTestsOnPostgres(PostgresServerWithSmallLimits fixture) : HostileArchiveTests(fixture), IClassFixture<PostgresServerWithSmallLimits>;
