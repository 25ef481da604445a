using Selegic.Extensions.Contracts.Naming;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>
/// Tenant slugs follow the product's slug rule (<see cref="Slug"/>: lowercase letters, digits and
/// single hyphens, starting with a letter) and are at least 3 characters long.
/// </summary>
public static class TenantSlug
{
    public const int MinLength = 3;

    public static bool IsValid(string? slug) => Problem(slug) is null;

    /// <summary>Throws invalid_slug with a message saying what is wrong.</summary>
    public static void Validate(string? slug)
    {
        if (Problem(slug) is { } problem)
            throw new PlatformException(PlatformErrorCodes.InvalidSlug, $"Invalid tenant slug '{slug}': {problem}.");
    }

    private static string? Problem(string? slug) =>
        Slug.Problem(slug) ?? (slug!.Length < MinLength ? $"it must be {MinLength}-{Slug.MaxLength} characters long" : null);
}
