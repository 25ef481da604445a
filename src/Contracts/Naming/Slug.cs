using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Naming;

/// <summary>
/// Slugs name tenants and extensions and appear in URLs, blob keys and file names:
/// 2-63 characters of lowercase ASCII letters, digits and hyphens, starting with a letter,
/// ending with a letter or digit, with no two hyphens in a row (e.g. <c>acme-corp</c>, <c>vacation-trip</c>).
/// </summary>
public static class Slug
{
    public const int MinLength = 2;
    public const int MaxLength = 63;

    public static bool IsValid(string? slug) => Problem(slug) is null;

    /// <summary>Returns <paramref name="slug"/> when valid, else throws <see cref="ErrorCodes.InvalidSlug"/>.</summary>
    public static string Validate(string? slug, string? field = null)
    {
        var problem = Problem(slug);
        if (problem is not null)
            throw new BundleException(ErrorCodes.InvalidSlug, $"Invalid slug '{slug}': {problem}.", field);
        return slug!;
    }

    /// <summary>Why <paramref name="slug"/> is not a valid slug, or null when it is.</summary>
    public static string? Problem(string? slug)
    {
        if (string.IsNullOrEmpty(slug)) return "it is empty";
        if (slug.Length < MinLength || slug.Length > MaxLength)
            return $"it must be {MinLength}-{MaxLength} characters long";
        if (!char.IsAsciiLetterLower(slug[0])) return "it must start with a lowercase letter";
        if (slug[^1] == '-') return "it must not end with a hyphen";
        for (var i = 0; i < slug.Length; i++)
        {
            var c = slug[i];
            if (c == '-')
            {
                if (slug[i - 1] == '-') return "it must not contain two hyphens in a row";
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
                return "only lowercase letters a-z, digits and hyphens are allowed";
        }
        return null;
    }
}
