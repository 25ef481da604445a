using System.Text;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>Why a path is not allowed inside a bundle.</summary>
public enum BundlePathProblem
{
    None,
    Empty,
    Absolute,
    Traversal,
    Invalid,
    Hidden,
}

/// <summary>
/// The one rule set for paths inside a bundle, shared by the reader, the packer and the manifest's
/// <c>handler</c> and <c>ui.entry</c>. A valid path is relative, uses <c>/</c>, has no empty, <c>.</c>
/// or <c>..</c> segment, no segment starting with <c>.</c> (dotfiles and hidden directories), no
/// backslash, colon or control character, is at most <see cref="MaxBytes"/> UTF-8 bytes and
/// <see cref="MaxDepth"/> segments. One leading <c>./</c> (as <c>tar -C dir .</c> writes) is dropped.
/// </summary>
public static class BundlePath
{
    public const int MaxBytes = 255;
    public const int MaxDepth = 32;

    /// <summary>
    /// Checks <paramref name="raw"/> and gives its normalized form (leading <c>./</c> and, for
    /// directories, the trailing <c>/</c> removed). <paramref name="reason"/> explains a refusal.
    /// </summary>
    public static BundlePathProblem Check(string raw, bool isDirectory, out string normalized, out string reason)
    {
        normalized = "";
        reason = "";
        var path = raw;
        while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        if (isDirectory && path.EndsWith('/')) path = path[..^1];

        if (path.Length == 0 || path == ".")
            return Fail(BundlePathProblem.Empty, "the path is empty", out reason);
        if (path[0] == '/')
            return Fail(BundlePathProblem.Absolute, "absolute paths are not allowed", out reason);
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
            return Fail(BundlePathProblem.Absolute, "drive-letter paths are not allowed", out reason);
        foreach (var c in path)
        {
            if (c == '\\') return Fail(BundlePathProblem.Invalid, "backslashes are not allowed (use '/')", out reason);
            if (c == ':') return Fail(BundlePathProblem.Invalid, "colons are not allowed", out reason);
            if (char.IsControl(c)) return Fail(BundlePathProblem.Invalid, "control characters are not allowed", out reason);
        }

        var segments = path.Split('/');
        // '..' anywhere wins over the other segment rules: it is the attack that matters.
        if (segments.Contains(".."))
            return Fail(BundlePathProblem.Traversal, "'..' segments are not allowed", out reason);
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return Fail(BundlePathProblem.Invalid, "empty path segments ('//' or a trailing '/') are not allowed", out reason);
            if (segment == ".") return Fail(BundlePathProblem.Invalid, "'.' segments are not allowed", out reason);
            if (segment[0] == '.') return Fail(BundlePathProblem.Hidden, $"hidden file or directory '{segment}' is not allowed", out reason);
        }
        if (segments.Length > MaxDepth)
            return Fail(BundlePathProblem.Invalid, $"paths may be at most {MaxDepth} levels deep", out reason);
        if (Encoding.UTF8.GetByteCount(path) > MaxBytes)
            return Fail(BundlePathProblem.Invalid, $"paths may be at most {MaxBytes} bytes long", out reason);

        normalized = path;
        return BundlePathProblem.None;
    }

    /// <summary>True when <paramref name="name"/> (one path segment) is hidden: it starts with a dot.</summary>
    public static bool IsHiddenSegment(string name) => name.StartsWith('.');

    /// <summary>The archive error code for a path problem.</summary>
    public static string ArchiveCode(BundlePathProblem problem) => problem switch
    {
        BundlePathProblem.Absolute => ErrorCodes.ArchiveAbsolutePath,
        BundlePathProblem.Traversal => ErrorCodes.ArchivePathTraversal,
        BundlePathProblem.Hidden => ErrorCodes.ArchiveHiddenPath,
        _ => ErrorCodes.ArchiveInvalidPath,
    };

    private static BundlePathProblem Fail(BundlePathProblem problem, string message, out string reason)
    {
        reason = message;
        return problem;
    }
}
