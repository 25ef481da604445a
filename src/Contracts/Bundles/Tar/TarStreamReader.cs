using System.Text;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Bundles.Tar;

/// <summary>One entry header as the archive declares it; the path is raw (not yet checked).</summary>
internal readonly record struct TarEntryHeader(string Path, char Type, long Size);

/// <summary>
/// Reads a tar stream entry by entry: validates header checksums and magic, folds pax extended
/// headers (<c>path</c>, <c>size</c>) and GNU long names into the entry they describe, and reports
/// structural faults with archive error codes. Policy (which entry types, paths and sizes are allowed)
/// belongs to the caller, which must call <see cref="ReadData"/> or <see cref="SkipData"/> after each entry.
/// </summary>
internal sealed class TarStreamReader(Stream source)
{
    /// <summary>Pax and GNU metadata blocks are read into memory; this caps each one.</summary>
    public const int MaxMetadataBytes = 64 * 1024;

    private readonly byte[] _block = new byte[TarFormat.BlockSize];
    private long _pendingData = -1;
    private bool _sawHeader;

    /// <summary>The next file-system entry, or null at the end-of-archive marker.</summary>
    public TarEntryHeader? Next()
    {
        if (_pendingData >= 0) throw new InvalidOperationException("The previous entry's data was not consumed.");

        string? longName = null, paxPath = null;
        long? paxSize = null;
        while (true)
        {
            var read = ReadFully(_block);
            if (read == 0)
                throw _sawHeader
                    ? new BundleException(ErrorCodes.ArchiveTruncated, "The tar archive ends without its end-of-archive marker.")
                    : new BundleException(ErrorCodes.ArchiveNotTar, "The gzip stream is empty; it holds no tar archive.");
            if (read < TarFormat.BlockSize)
                throw _sawHeader
                    ? new BundleException(ErrorCodes.ArchiveTruncated, "The tar archive ends in the middle of a header.")
                    : new BundleException(ErrorCodes.ArchiveNotTar, "The decompressed data is too short to be a tar archive.");

            if (TarFormat.IsZeroBlock(_block))
            {
                if (!_sawHeader)
                {
                    DrainTrailing(); // an all-zero stream may be a bomb: let the budgets see every byte first
                    throw new BundleException(ErrorCodes.ArchiveNotTar, "The archive holds no entries (it starts with an end-of-archive marker).");
                }
                if (longName is not null || paxPath is not null || paxSize is not null)
                    throw Malformed("metadata header is not followed by an entry");
                return null;
            }

            CheckHeader(_block);
            var flavor = TarFormat.DetectFlavor(_block);
            var type = (char)_block[TarFormat.TypeFlag];
            if (!TarFormat.TryParseNumber(_block[TarFormat.Size], out var headerSize))
                throw Malformed("the size field is not a number");
            var size = paxSize ?? headerSize;

            switch (type)
            {
                case TarFormat.TypePaxExtended:
                    foreach (var (key, value) in ParsePax(ReadMetadata(headerSize)))
                    {
                        if (key == "path") paxPath = Utf8(value, "pax path");
                        else if (key == "size")
                        {
                            if (!long.TryParse(Encoding.ASCII.GetString(value), System.Globalization.NumberStyles.None, null, out var s))
                                throw Malformed("pax size is not a decimal number");
                            paxSize = s;
                        }
                    }
                    continue;
                case TarFormat.TypePaxGlobal:
                    _ = ParsePax(ReadMetadata(headerSize)); // validated, then ignored (e.g. git archive's commit id)
                    continue;
                case TarFormat.TypeGnuLongName:
                    longName = Utf8(ReadMetadata(headerSize), "GNU long name");
                    continue;
                case TarFormat.TypeGnuLongLink:
                    _ = ReadMetadata(headerSize); // a link target; the link itself will be refused
                    continue;
            }

            var path = longName ?? paxPath;
            if (path is null)
            {
                var name = TarFormat.ReadString(_block[TarFormat.Name]) ?? throw InvalidUtf8();
                var prefix = flavor == TarFormat.Flavor.Posix ? TarFormat.ReadString(_block[TarFormat.Prefix]) ?? throw InvalidUtf8() : "";
                path = prefix.Length > 0 ? prefix + "/" + name : name;
            }

            // Only regular files carry data we read; links, devices, fifos and directories declare none we accept.
            _pendingData = type is TarFormat.TypeRegular or TarFormat.TypeRegularOld ? size : 0;
            if (_pendingData == 0 && size != 0 && type == TarFormat.TypeDirectory)
                throw Malformed($"directory '{path}' declares {size} bytes of data");
            return new TarEntryHeader(path, type, size);
        }
    }

    /// <summary>Reads the current entry's data into <paramref name="destination"/> (exactly its size).</summary>
    public void ReadData(Span<byte> destination)
    {
        if (_pendingData != destination.Length) throw new InvalidOperationException("Destination size differs from the entry size.");
        if (ReadFully(destination) < destination.Length)
            throw new BundleException(ErrorCodes.ArchiveTruncated, "The tar archive ends in the middle of a file.");
        SkipPadding(destination.Length);
        _pendingData = -1;
    }

    /// <summary>Consumes an entry that carries no data (directories).</summary>
    public void SkipData()
    {
        if (_pendingData != 0) throw new InvalidOperationException("Only entries without data can be skipped.");
        _pendingData = -1;
    }

    /// <summary>
    /// Reads everything after the end-of-archive marker. Tar writers pad the archive with zero blocks;
    /// anything else is refused. Reading it also makes the caller's limits apply to every byte.
    /// </summary>
    public void DrainTrailing()
    {
        int read;
        while ((read = source.Read(_block)) > 0)
            if (!TarFormat.IsZeroBlock(_block.AsSpan(0, read)))
                throw new BundleException(ErrorCodes.ArchiveTrailingData, "Non-zero data follows the tar end-of-archive marker.");
    }

    private void CheckHeader(ReadOnlySpan<byte> header)
    {
        var valid = TarFormat.DetectFlavor(header) != TarFormat.Flavor.None && TarFormat.ChecksumMatches(header);
        if (!valid)
            throw _sawHeader
                ? Malformed("bad checksum or magic (the archive is damaged)")
                : new BundleException(ErrorCodes.ArchiveNotTar, "The decompressed data is not a ustar/pax tar archive.");
        _sawHeader = true;
    }

    private byte[] ReadMetadata(long size)
    {
        if (size < 0 || size > MaxMetadataBytes) throw Malformed($"a metadata header declares {size} bytes (at most {MaxMetadataBytes})");
        var data = new byte[size];
        if (ReadFully(data) < size)
            throw new BundleException(ErrorCodes.ArchiveTruncated, "The tar archive ends in the middle of a metadata header.");
        SkipPadding(size);
        return data;
    }

    /// <summary>Pax records: "LENGTH key=value\n", LENGTH counting the whole record in bytes.</summary>
    private static List<(string Key, byte[] Value)> ParsePax(ReadOnlySpan<byte> data)
    {
        var records = new List<(string, byte[])>();
        while (data.Length > 0)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], System.Globalization.NumberStyles.None, null, out var length) ||
                length <= space + 1 || length > data.Length || data[length - 1] != (byte)'\n')
                throw Malformed("a pax extended header record is malformed");
            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0) throw Malformed("a pax extended header record has no key");
            records.Add((Encoding.ASCII.GetString(record[..equals]), record[(equals + 1)..].ToArray()));
            data = data[length..];
        }
        return records;
    }

    private void SkipPadding(long dataLength)
    {
        var padding = (int)((TarFormat.BlockSize - dataLength % TarFormat.BlockSize) % TarFormat.BlockSize);
        if (padding > 0 && ReadFully(_block.AsSpan(0, padding)) < padding)
            throw new BundleException(ErrorCodes.ArchiveTruncated, "The tar archive ends inside block padding.");
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = source.Read(buffer[total..]);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    /// <summary>Decodes a metadata value; trailing NULs (GNU long names end with one) are dropped, inner ones kept for the path check to refuse.</summary>
    private static string Utf8(ReadOnlySpan<byte> value, string what)
    {
        value = value.TrimEnd((byte)0);
        try
        {
            return TarFormat.StrictUtf8.GetString(value);
        }
        catch (ArgumentException)
        {
            throw new BundleException(ErrorCodes.ArchiveInvalidPath, $"A {what} is not valid UTF-8.");
        }
    }

    private static BundleException InvalidUtf8() =>
        new(ErrorCodes.ArchiveInvalidPath, "An entry path is not valid UTF-8.");

    private static BundleException Malformed(string what) =>
        new(ErrorCodes.ArchiveMalformedHeader, $"Malformed tar archive: {what}.");
}
