using System.Text;

namespace Selegic.Extensions.Contracts.Bundles.Tar;

/// <summary>
/// Writes a deterministic POSIX ustar archive: fixed mode, owner and modification time, no user or
/// group names, so equal content always gives equal bytes. Paths longer than 100 bytes use the ustar
/// prefix field.
/// </summary>
internal sealed class TarBuilder(Stream destination)
{
    /// <summary>1980-01-01T00:00:00Z: a fixed time every archiver and file system can represent.</summary>
    public const long FixedModificationTime = 315_532_800;

    private const int FileMode = 0b110_100_100; // 0644
    private const int DirectoryMode = 0b111_101_101; // 0755

    public void AddDirectory(string path) => WriteHeader(path + "/", TarFormat.TypeDirectory, 0, DirectoryMode);

    public void AddFile(string path, ReadOnlySpan<byte> content)
    {
        WriteHeader(path, TarFormat.TypeRegular, content.Length, FileMode);
        destination.Write(content);
        var padding = (TarFormat.BlockSize - content.Length % TarFormat.BlockSize) % TarFormat.BlockSize;
        destination.Write(new byte[padding]);
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public void Finish() => destination.Write(new byte[2 * TarFormat.BlockSize]);

    private void WriteHeader(string path, char type, long size, int mode)
    {
        var header = new byte[TarFormat.BlockSize];
        var (prefix, name) = SplitPath(path);
        name.CopyTo(header.AsSpan(TarFormat.Name));
        prefix.CopyTo(header.AsSpan(TarFormat.Prefix));
        TarFormat.WriteOctal(header.AsSpan(TarFormat.Mode), mode);
        TarFormat.WriteOctal(header.AsSpan(TarFormat.Uid), 0);
        TarFormat.WriteOctal(header.AsSpan(TarFormat.Gid), 0);
        TarFormat.WriteOctal(header.AsSpan(TarFormat.Size), size);
        TarFormat.WriteOctal(header.AsSpan(TarFormat.MTime), FixedModificationTime);
        header[TarFormat.TypeFlag] = (byte)type;
        "ustar\0"u8.CopyTo(header.AsSpan(TarFormat.Magic));
        "00"u8.CopyTo(header.AsSpan(TarFormat.Version));
        TarFormat.WriteChecksum(header);
        destination.Write(header);
    }

    /// <summary>Splits a path into the ustar prefix (at most 155 bytes) and name (at most 100 bytes) at a '/'.</summary>
    private static (byte[] Prefix, byte[] Name) SplitPath(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        const int nameLength = 100, prefixLength = 155;
        if (bytes.Length <= nameLength) return ([], bytes);
        // A directory's trailing '/' must stay in the name part, so search for a separator before it.
        for (var i = Math.Min(bytes.Length - 2, prefixLength); i > 0; i--)
        {
            if (bytes[i] != (byte)'/') continue;
            if (bytes.Length - i - 1 > nameLength) break;
            return (bytes[..i], bytes[(i + 1)..]);
        }
        throw new ArgumentException($"Path '{path}' is too long for a ustar header.", nameof(path));
    }
}
