using System.Buffers;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Blob keys: "/"-separated segments of letters, digits, '.', '_' and '-'; no empty segment, no
/// segment starting with '.' (so no "." or "..", and names starting with '.' stay free for the
/// stores' own use), no leading or trailing "/", at most 512 characters. Such a key is the same
/// path on every backend and can never leave a filesystem root.
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 512;
    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
            return false;
        foreach (var range in key.AsSpan().Split('/'))
        {
            var segment = key.AsSpan()[range];
            if (segment.IsEmpty || segment[0] == '.' || segment.ContainsAnyExcept(SegmentChars))
                return false;
        }
        return true;
    }

    /// <summary>Throws invalid_blob_key naming the key.</summary>
    public static void Validate(string? key)
    {
        if (!IsValid(key))
            throw new PlatformException(PlatformErrorCodes.InvalidBlobKey,
                $"Blob key '{key}' is invalid: use '/'-separated segments of letters, digits, '.', '_' and '-' (none empty or starting with '.'), at most {MaxLength} characters.");
    }
}
