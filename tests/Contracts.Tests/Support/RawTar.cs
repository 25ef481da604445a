using System.Text;

namespace Selegic.Extensions.Contracts.Tests.Support;

/// <summary>
/// Writes tar headers byte by byte (POSIX ustar layout), for shapes TarWriter refuses to produce:
/// lying size fields, bad checksums, missing end markers.
/// </summary>
internal sealed class RawTar
{
    private readonly MemoryStream _output = new();

    public RawTar Header(string name, char type, long size, bool fixChecksum = true, string magic = "ustar\0", string version = "00")
    {
        var header = new byte[512];
        Encoding.UTF8.GetBytes(name).CopyTo(header, 0);
        Octal(header, 100, 8, 420);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, 0);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes(magic).CopyTo(header, 257);
        Encoding.ASCII.GetBytes(version).CopyTo(header, 263);
        for (var i = 148; i < 156; i++) header[i] = (byte)' ';
        var sum = header.Sum(b => (long)b);
        Octal(header, 148, 7, fixChecksum ? sum : sum + 1);
        header[155] = (byte)' ';
        _output.Write(header);
        return this;
    }

    public RawTar File(string name, byte[] content)
    {
        Header(name, '0', content.Length);
        return Data(content);
    }

    /// <summary>Content followed by zero padding to the next 512-byte block.</summary>
    public RawTar Data(byte[] content)
    {
        _output.Write(content);
        _output.Write(new byte[(512 - content.Length % 512) % 512]);
        return this;
    }

    public RawTar Raw(byte[] bytes)
    {
        _output.Write(bytes);
        return this;
    }

    public RawTar End()
    {
        _output.Write(new byte[1024]);
        return this;
    }

    public byte[] ToArray() => _output.ToArray();

    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        header[offset + length - 1] = 0;
    }
}
