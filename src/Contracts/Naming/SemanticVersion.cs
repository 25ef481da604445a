using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Naming;

/// <summary>
/// A semantic version as defined by semver 2.0.0: <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>.
/// <see cref="CompareTo"/> is semver precedence (build metadata ignored); <see cref="Equals(SemanticVersion?)"/>
/// compares the whole text, so <c>1.0.0+a</c> and <c>1.0.0+b</c> are different but of equal precedence.
/// Extension versions are parsed with <see cref="ParsePublishable"/>, which refuses build metadata:
/// two versions that differ only in build metadata would be distinct rows of equal precedence, which
/// defeats "versions are immutable".
/// </summary>
public sealed class SemanticVersion : IComparable<SemanticVersion>, IEquatable<SemanticVersion>
{
    public const int MaxLength = 128;

    private SemanticVersion(ulong major, ulong minor, ulong patch, string[] prerelease, string[] build, string text)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
        _text = text;
    }

    private readonly string _text;

    public ulong Major { get; }
    public ulong Minor { get; }
    public ulong Patch { get; }

    /// <summary>Dot-separated pre-release identifiers; empty for a release.</summary>
    public IReadOnlyList<string> Prerelease { get; }

    /// <summary>Dot-separated build metadata identifiers; empty when absent.</summary>
    public IReadOnlyList<string> Build { get; }

    public bool IsPrerelease => Prerelease.Count > 0;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        var problem = TryParseCore(text, out var parsed);
        version = parsed!;
        return problem is null;
    }

    /// <summary>Parses any semver 2.0.0 version or throws <see cref="ErrorCodes.InvalidVersion"/>.</summary>
    public static SemanticVersion Parse(string? text, string? field = null)
    {
        var problem = TryParseCore(text, out var parsed);
        if (problem is not null)
            throw new BundleException(ErrorCodes.InvalidVersion, $"Invalid version '{text}': {problem}.", field);
        return parsed!;
    }

    /// <summary>
    /// Parses an extension version: semver 2.0.0 without build metadata. Throws
    /// <see cref="ErrorCodes.InvalidVersion"/> otherwise.
    /// </summary>
    public static SemanticVersion ParsePublishable(string? text, string? field = null)
    {
        var version = Parse(text, field);
        if (version.Build.Count > 0)
            throw new BundleException(ErrorCodes.InvalidVersion,
                $"Invalid version '{text}': build metadata ('+...') is not allowed in extension versions; " +
                "versions that differ only in build metadata have the same precedence.", field);
        return version;
    }

    /// <summary>Why <paramref name="text"/> is not a semver 2.0.0 version, or null when it is.</summary>
    public static string? Problem(string? text) => TryParseCore(text, out _);

    private static string? TryParseCore(string? text, out SemanticVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text)) return "it is empty";
        if (text.Length > MaxLength) return $"it is longer than {MaxLength} characters";

        var rest = text;
        string[] build = [];
        var plus = rest.IndexOf('+');
        if (plus >= 0)
        {
            build = rest[(plus + 1)..].Split('.');
            rest = rest[..plus];
            foreach (var id in build)
                if (IdentifierProblem(id, "build metadata", checkLeadingZero: false) is { } p) return p;
        }

        string[] prerelease = [];
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            prerelease = rest[(dash + 1)..].Split('.');
            rest = rest[..dash];
            foreach (var id in prerelease)
                if (IdentifierProblem(id, "pre-release", checkLeadingZero: true) is { } p) return p;
        }

        var core = rest.Split('.');
        if (core.Length != 3) return "it must have the form MAJOR.MINOR.PATCH (three numbers separated by dots)";
        var numbers = new ulong[3];
        string[] names = ["major", "minor", "patch"];
        for (var i = 0; i < 3; i++)
        {
            var part = core[i];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit)) return $"the {names[i]} version must be a number";
            if (part.Length > 1 && part[0] == '0') return $"the {names[i]} version must not have leading zeros";
            if (!ulong.TryParse(part, out numbers[i])) return $"the {names[i]} version is too large";
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], prerelease, build, text);
        return null;
    }

    private static string? IdentifierProblem(string id, string what, bool checkLeadingZero)
    {
        if (id.Length == 0) return $"a {what} identifier is empty";
        foreach (var c in id)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                return $"{what} identifiers may only contain ASCII letters, digits and hyphens";
        if (checkLeadingZero && id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit))
            return $"numeric {what} identifiers must not have leading zeros";
        return null;
    }

    /// <summary>Semver precedence: numeric core, then a release above its pre-releases, then identifiers.</summary>
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;

        if (Prerelease.Count == 0 && other.Prerelease.Count == 0) return 0;
        if (Prerelease.Count == 0) return 1;
        if (other.Prerelease.Count == 0) return -1;

        for (var i = 0; i < Math.Min(Prerelease.Count, other.Prerelease.Count); i++)
        {
            c = CompareIdentifiers(Prerelease[i], other.Prerelease[i]);
            if (c != 0) return c;
        }
        return Prerelease.Count.CompareTo(other.Prerelease.Count);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        var aNumeric = a.All(char.IsAsciiDigit);
        var bNumeric = b.All(char.IsAsciiDigit);
        if (aNumeric && bNumeric)
        {
            // No leading zeros, so a longer number is larger; equal lengths compare digit by digit.
            var byLength = a.Length.CompareTo(b.Length);
            return byLength != 0 ? byLength : Math.Sign(string.CompareOrdinal(a, b));
        }
        if (aNumeric) return -1;
        if (bNumeric) return 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    public bool Equals(SemanticVersion? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as SemanticVersion);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
    public override string ToString() => _text;

    public static bool operator <(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) >= 0;
}
