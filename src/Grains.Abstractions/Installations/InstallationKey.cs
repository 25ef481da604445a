namespace Selegic.Extensions.Grains.Installations;

/// <summary>
/// "installation:{tenant}/{extension}": one grain per (tenant, extension slug), not per installation id,
/// so an install (which has no id yet) and every later operation on that extension's installation meet
/// in one writer; at most one active installation exists per pair. Slugs cannot contain '/'; the prefix
/// keeps the key from ever parsing as a hex integer key.
/// </summary>
public static class InstallationKey
{
    public static string For(Guid tenantId, string extensionSlug) => $"installation:{tenantId:N}/{extensionSlug}";
}
