namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>
/// Caps applied by <see cref="BundleReader"/> while it streams a bundle. All are enforced on the bytes
/// actually decompressed, never on sizes claimed by gzip or tar headers.
/// </summary>
public sealed record BundleLimits
{
    public const long MiB = 1024 * 1024;

    /// <summary>Size of the .tar.gz itself (default 20 MiB).</summary>
    public long MaxCompressedBytes { get; init; } = 20 * MiB;

    /// <summary>Files plus directories (default 1,000). Metadata headers (pax, GNU long names) do not count.</summary>
    public int MaxEntries { get; init; } = 1000;

    /// <summary>One file's size (default 16 MiB: a wasm-js@1 component, a JavaScript engine with the handler, is about 12 MiB).</summary>
    public long MaxFileBytes { get; init; } = 16 * MiB;

    /// <summary>All files together (default 50 MiB).</summary>
    public long MaxUnpackedBytes { get; init; } = 50 * MiB;

    /// <summary>Decompressed tar bytes per compressed byte (default 100).</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>
    /// The ratio is only enforced once this many bytes have been decompressed (default 1 MiB): a tiny
    /// bundle of a few short files is mostly zero padding and legitimately compresses better than 100:1.
    /// </summary>
    public long RatioFloorBytes { get; init; } = 1 * MiB;

    public static BundleLimits Default { get; } = new();

    /// <summary>Decompressed bytes allowed besides file contents: tar headers, padding and metadata.</summary>
    internal long StructuralAllowanceBytes => (long)MaxEntries * 2048 + 1 * MiB;

    internal void Validate()
    {
        if (MaxCompressedBytes <= 0 || MaxEntries <= 0 || MaxFileBytes <= 0 || MaxUnpackedBytes <= 0 ||
            MaxCompressionRatio <= 0 || RatioFloorBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(BundleLimits), this, "Bundle limits must be positive.");
    }
}
