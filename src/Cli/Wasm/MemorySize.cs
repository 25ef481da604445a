using System.Globalization;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>Parses --max-memory: a byte count with an optional KiB, MiB or GiB suffix, rounded down to 64 KiB pages.</summary>
public static class MemorySize
{
    public const int PageSize = 65536;

    private static readonly (string Suffix, long Factor)[] Suffixes =
        [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("B", 1)];

    public static bool TryParsePages(string text, out uint pages)
    {
        pages = 0;
        var trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (!trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            trimmed = trimmed[..^suffix.Length].TrimEnd();
            factor = f;
            break;
        }
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
        var bytes = (Int128)count * factor;
        if (bytes > (Int128)PageSize * 65536) return false;   // more than the 4 GiB a 32-bit memory can address
        pages = (uint)(bytes / PageSize);
        return true;
    }
}
