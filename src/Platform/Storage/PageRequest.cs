using System.Globalization;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>A page of a newest-first listing: its size and the id to continue before (the cursor handed out with the previous page).</summary>
public readonly record struct PageRequest(int Size, long? BeforeId)
{
    /// <summary>
    /// Checks a caller's <paramref name="limit"/> (1..<paramref name="maxSize"/>, <c>invalid_limit</c>) and
    /// <paramref name="cursor"/> (a positive id this server issued, else <paramref name="invalidCursorCode"/>).
    /// </summary>
    public static PageRequest Parse(string? cursor, int? limit, int defaultSize, int maxSize, string invalidCursorCode)
    {
        var size = limit ?? defaultSize;
        if (size < 1 || size > maxSize)
            throw new PlatformException(PlatformErrorCodes.InvalidLimit, $"limit must be between 1 and {maxSize}.");
        if (string.IsNullOrEmpty(cursor))
            return new PageRequest(size, null);
        if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var beforeId) || beforeId <= 0)
            throw new PlatformException(invalidCursorCode, "cursor is not one this server issued.");
        return new PageRequest(size, beforeId);
    }
}
