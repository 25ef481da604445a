using System.Globalization;

namespace Selegic.Extensions.Cli.Common;

public static class ByteSize
{
    /// <summary>Human size with binary units: 512 B, 1.5 KiB, 10.0 MiB.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Format(CultureInfo.InvariantCulture, "{0:0.0} KiB", bytes / 1024.0),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:0.0} MiB", bytes / (1024.0 * 1024.0)),
    };
}
