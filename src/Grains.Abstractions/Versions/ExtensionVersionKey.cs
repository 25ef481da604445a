namespace Selegic.Extensions.Grains.Versions;

/// <summary>
/// "version:{tenant}/{slug}@{version}". Slugs and versions cannot contain '/' or '@' (Contracts' naming
/// rules), so the key is unambiguous; the prefix keeps it from ever parsing as a hex integer key.
/// </summary>
public static class ExtensionVersionKey
{
    public static string For(Guid tenantId, string slug, string version) => $"version:{tenantId:N}/{slug}@{version}";
}
