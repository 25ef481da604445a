using System.Buffers;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>Tenant slugs: 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit.</summary>
public static class TenantSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 63;
    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsValid(string? slug) =>
        slug is { Length: >= MinLength and <= MaxLength }
        && !slug.AsSpan().ContainsAnyExcept(Allowed)
        && slug[0] != '-' && slug[^1] != '-';

    /// <summary>Throws invalid_slug with a message saying what is wrong.</summary>
    public static void Validate(string? slug)
    {
        if (!IsValid(slug))
            throw new PlatformException(PlatformErrorCodes.InvalidSlug,
                $"Tenant slug '{slug}' is invalid: use {MinLength}-{MaxLength} lowercase letters, digits and hyphens, not starting or ending with a hyphen.");
    }
}
