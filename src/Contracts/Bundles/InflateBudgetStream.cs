using System.Buffers.Binary;
using System.IO.Compression;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>
/// Wraps the gzip decompressor and counts every byte it produces, refusing as soon as the output
/// passes the compression-ratio budget or the structural size budget. The decompressor only ever
/// fills the caller's small buffers, so a gzip bomb is stopped after at most one buffer past the
/// budget and its full output is never allocated. Gzip faults become archive error codes.
/// </summary>
internal sealed class InflateBudgetStream : Stream
{
    private readonly GZipStream _gzip;
    private readonly long _ratioBudget;
    private readonly long _sizeBudget;
    private readonly int _ratio;

    public InflateBudgetStream(Stream compressed, long compressedLength, BundleLimits limits)
    {
        _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);
        _ratio = limits.MaxCompressionRatio;
        _ratioBudget = Math.Max(limits.RatioFloorBytes, SaturatingMultiply(compressedLength, limits.MaxCompressionRatio));
        _sizeBudget = limits.MaxUnpackedBytes + limits.StructuralAllowanceBytes;
    }

    /// <summary>Decompressed bytes produced so far.</summary>
    public long Produced { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new BundleException(ErrorCodes.ArchiveCorrupt, $"The gzip data is corrupt: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw Truncated();
        }

        Produced += read;
        CheckBudgets(Produced);
        return read;
    }

    /// <summary>
    /// Refuses up front an entry whose declared size could only be read by passing a budget, so its
    /// buffer is never allocated; reading it would fail with the same code anyway.
    /// </summary>
    public void EnsureCanProduce(long more) => CheckBudgets(Produced + more);

    private void CheckBudgets(long produced)
    {
        if (produced > _ratioBudget)
            throw new BundleException(ErrorCodes.ArchiveCompressionRatio,
                $"The bundle expands more than {_ratio}:1 (a decompression bomb?); decompression stopped at {Produced} bytes.");
        if (produced > _sizeBudget)
            throw new BundleException(ErrorCodes.ArchiveUnpackedTooLarge,
                $"The decompressed bundle exceeds {_sizeBudget} bytes; decompression stopped at {Produced} bytes.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>
    /// The decompressor checks the gzip trailer (CRC-32 and size) when it is there, but accepts a stream
    /// that simply stops after the last deflate block. Call this after reading to the end: the last four
    /// bytes must be the trailer's size field, which also means a bundle is a single gzip member.
    /// </summary>
    public void EnsureTrailerPresent(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]) != (uint)Produced)
            throw new BundleException(ErrorCodes.ArchiveTruncated,
                "The gzip trailer is missing or does not match the data: the bundle is truncated (a bundle is a single gzip member).");
    }

    internal static BundleException Truncated() =>
        new(ErrorCodes.ArchiveTruncated, "The gzip stream ends early: the bundle is truncated.");

    private static long SaturatingMultiply(long a, long b) => a > long.MaxValue / b ? long.MaxValue : a * b;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
