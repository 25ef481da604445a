using System.Text;

namespace Selegic.Extensions.Contracts.Bundles.Tar;

/// <summary>
/// The POSIX ustar header layout (512-byte blocks), shared by <see cref="TarStreamReader"/> and
/// <see cref="TarBuilder"/>. Field offsets and encodings follow the POSIX.1-2001 pax/ustar spec.
/// </summary>
internal static class TarFormat
{
    public const int BlockSize = 512;

    public const char TypeRegular = '0';
    public const char TypeRegularOld = '\0';
    public const char TypeHardLink = '1';
    public const char TypeSymlink = '2';
    public const char TypeCharDevice = '3';
    public const char TypeBlockDevice = '4';
    public const char TypeDirectory = '5';
    public const char TypeFifo = '6';
    public const char TypeContiguous = '7';
    public const char TypePaxExtended = 'x';
    public const char TypePaxGlobal = 'g';
    public const char TypeGnuLongName = 'L';
    public const char TypeGnuLongLink = 'K';

    public static readonly Range Name = 0..100;
    public static readonly Range Mode = 100..108;
    public static readonly Range Uid = 108..116;
    public static readonly Range Gid = 116..124;
    public static readonly Range Size = 124..136;
    public static readonly Range MTime = 136..148;
    public static readonly Range Checksum = 148..156;
    public const int TypeFlag = 156;
    public static readonly Range Magic = 257..263;
    public static readonly Range Version = 263..265;
    public static readonly Range Prefix = 345..500;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public enum Flavor { None, Posix, Gnu }

    public static bool IsZeroBlock(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);

    public static Flavor DetectFlavor(ReadOnlySpan<byte> header)
    {
        if (header[Magic].SequenceEqual("ustar\0"u8) && header[Version].SequenceEqual("00"u8)) return Flavor.Posix;
        if (header[Magic].SequenceEqual("ustar "u8) && header[Version].SequenceEqual(" \0"u8)) return Flavor.Gnu;
        return Flavor.None;
    }

    /// <summary>The stored checksum equals the unsigned (or historic signed) byte sum with the checksum field as spaces.</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        if (!TryParseNumber(header[Checksum], out var stored)) return false;
        var (unsignedSum, signedSum) = Sums(header);
        return stored == unsignedSum || stored == signedSum;
    }

    private static (long Unsigned, long Signed) Sums(ReadOnlySpan<byte> header)
    {
        long unsignedSum = 0, signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i >= Checksum.Start.Value && i < Checksum.End.Value ? (byte)' ' : header[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }
        return (unsignedSum, signedSum);
    }

    /// <summary>Parses an octal field (space/NUL padded) or a GNU base-256 field (high bit of the first byte set).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if ((field[0] & 0x40) != 0) return false; // negative numbers mean nothing for our fields
            long number = field[0] & 0x3F;
            for (var i = 1; i < field.Length; i++)
            {
                if (number > (long.MaxValue >> 8))
                {
                    value = long.MaxValue; // saturate: any limit refuses it
                    return true;
                }
                number = (number << 8) | field[i];
            }
            value = number;
            return true;
        }

        var digits = field.TrimStart((byte)' ');
        var length = digits.IndexOfAnyExcept("01234567"u8);
        if (length < 0) length = digits.Length;
        foreach (var b in digits[..length])
        {
            if (value > (long.MaxValue >> 3)) return false;
            value = (value << 3) | (long)(b - '0');
        }
        // After the digits only a space/NUL terminator and padding may follow.
        return digits[length..].IndexOfAnyExcept((byte)' ', (byte)0) < 0;
    }

    /// <summary>A NUL-terminated (or field-filling) UTF-8 string; null when it is not valid UTF-8.</summary>
    public static string? ReadString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        if (end >= 0) field = field[..end];
        try
        {
            return StrictUtf8.GetString(field);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static void WriteOctal(Span<byte> field, long value)
    {
        // Digits right-aligned with leading zeros, then a NUL terminator, as GNU tar writes them.
        var digits = field.Length - 1;
        for (var i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
        if (value != 0) throw new ArgumentOutOfRangeException(nameof(value), "The number does not fit its tar field.");
        field[digits] = 0;
    }

    public static void WriteChecksum(Span<byte> header)
    {
        var (sum, _) = Sums(header);
        // Six octal digits, NUL, space: the traditional layout.
        var field = header[Checksum];
        WriteOctal(field[..7], sum);
        field[7] = (byte)' ';
    }
}
