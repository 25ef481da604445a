using System.Security.Cryptography;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Hashing;

/// <summary>Content hashes of bundles: <c>sha256:</c> followed by 64 lowercase hex digits.</summary>
public static class ContentHash
{
    public const string Prefix = "sha256:";

    /// <summary>The content hash of <paramref name="bytes"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// Normalizes a declared checksum: 64 hex digits of either case, with or without the
    /// <c>sha256:</c> prefix, become <c>sha256:&lt;lowercase hex&gt;</c>. Returns false for anything else.
    /// </summary>
    /// <summary>True for exactly "sha256:" + 64 lowercase hex digits (what <see cref="Compute"/> returns); allocates nothing.</summary>
    public static bool IsCanonical(string? hash) =>
        hash is { Length: 71 } && hash.StartsWith(Prefix, StringComparison.Ordinal) && !hash.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHexDigits);

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static bool TryNormalize(string? declared, out string normalized)
    {
        normalized = "";
        if (declared is null) return false;
        var hex = declared.Trim();
        if (hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) hex = hex[Prefix.Length..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return false;
        normalized = Prefix + hex.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="bytes"/> hash to <paramref name="declared"/> and returns the content hash.
    /// Throws <see cref="ErrorCodes.ChecksumMissing"/>, <see cref="ErrorCodes.ChecksumInvalid"/> or
    /// <see cref="ErrorCodes.ChecksumMismatch"/>.
    /// </summary>
    public static string Verify(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
            throw new BundleException(ErrorCodes.ChecksumMissing, "No sha256 checksum was declared for the bundle.");
        if (!TryNormalize(declared, out var expected))
            throw new BundleException(ErrorCodes.ChecksumInvalid,
                "The declared sha256 is not 64 hexadecimal digits (optionally prefixed with 'sha256:').");
        var actual = Compute(bytes);
        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(actual), System.Text.Encoding.ASCII.GetBytes(expected)))
            throw new BundleException(ErrorCodes.ChecksumMismatch,
                $"The bundle's content hash is {actual} but {expected} was declared.");
        return actual;
    }
}
