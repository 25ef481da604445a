using Selegic.Extensions.Contracts.Bundles;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>
/// The server's own settings, bound from the "Extensions" configuration section
/// (appsettings.json, or environment variables such as <c>Extensions__DataDirectory</c>).
/// Paths left empty are derived from <see cref="DataDirectory"/>.
/// </summary>
public sealed class ServerOptions
{
    public const string SectionName = "Extensions";

    /// <summary>Root for everything the embedded default keeps on disk.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>"sqlite" (embedded default) or "postgres".</summary>
    public string MetadataStore { get; set; } = MetadataStoreKinds.Sqlite;

    /// <summary>SQLite database file; defaults to {DataDirectory}/extensions.db.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Npgsql connection string, required when <see cref="MetadataStore"/> is "postgres".</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Filesystem blob root; defaults to {DataDirectory}/blobs. Ignored when EXTENSION_GCS_BUCKET is set.</summary>
    public string? BlobDirectory { get; set; }

    /// <summary>
    /// Caps on bundles (Extensions:BundleLimits:MaxCompressedBytes, MaxEntries, MaxFileBytes,
    /// MaxUnpackedBytes, MaxCompressionRatio, RatioFloorBytes). A request body past
    /// MaxCompressedBytes plus the multipart framing gets 413 from Kestrel itself.
    /// A fresh instance, never BundleLimits.Default: the configuration binder writes into it.
    /// </summary>
    public BundleLimits BundleLimits { get; set; } = new();

    public string ResolvedSqlitePath => string.IsNullOrWhiteSpace(SqlitePath) ? Path.Combine(DataDirectory, "extensions.db") : SqlitePath;

    public string ResolvedBlobDirectory => string.IsNullOrWhiteSpace(BlobDirectory) ? Path.Combine(DataDirectory, "blobs") : BlobDirectory;

    /// <summary>
    /// Multipart framing around the bundle (boundaries, part headers, the sha256 and
    /// signature fields) stays well below this; it keeps the request limit honest.
    /// </summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public long MaxRequestBodyBytes => BundleLimits.MaxCompressedBytes + MultipartOverheadBytes;
}

public static class MetadataStoreKinds
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
