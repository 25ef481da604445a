using System.Text.Json;
using System.Text.RegularExpressions;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Platform.Installations;

/// <summary>Checks on what a tenant admin sends: grants, config, secrets. Each refusal has its own stable code.</summary>
public static partial class InstallationRules
{
    public const int MaxConfigBytes = 64 * 1024;
    public const int MaxSecrets = 32;
    public const int MaxSecretValueBytes = 8 * 1024;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretNamePattern();

    /// <summary>Distinct, well-formed capability names, each declared by <paramref name="manifest"/>; the list in request order.</summary>
    public static IReadOnlyList<string> CheckGrants(IReadOnlyList<string>? grants, ExtensionManifest manifest)
    {
        grants ??= [];
        if (grants.Count > ManifestRules.MaxCapabilities)
            throw new PlatformException(ErrorCodes.GrantsInvalid, $"At most {ManifestRules.MaxCapabilities} grants.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            if (grant is null)
                throw new PlatformException(ErrorCodes.GrantsInvalid, "grants may not contain null.");
            if (ManifestRules.CapabilityProblem(grant) is { } problem)
                throw new PlatformException(ErrorCodes.GrantsInvalid, $"Grant '{grant}' is not a capability name: {problem}.");
            if (!seen.Add(grant))
                throw new PlatformException(ErrorCodes.GrantsInvalid, $"Grant '{grant}' appears twice.");
        }
        var extra = grants.Where(g => !manifest.Capabilities.Contains(g, StringComparer.Ordinal)).ToList();
        if (extra.Count > 0)
            throw new PlatformException(ErrorCodes.GrantsNotInManifest,
                $"{manifest.Slug}@{manifest.Version} does not declare {string.Join(", ", extra)}; it declares: " +
                (manifest.Capabilities.Count == 0 ? "no capabilities" : string.Join(", ", manifest.Capabilities)) + ".");
        return grants.ToArray();
    }

    /// <summary>The config as compact JSON text; absent means <c>{}</c>.</summary>
    public static string CheckConfig(JsonElement? config)
    {
        if (config is null || config.Value.ValueKind is JsonValueKind.Undefined)
            return "{}";
        if (config.Value.ValueKind != JsonValueKind.Object)
            throw new PlatformException(ErrorCodes.ConfigInvalid, $"config must be a JSON object, not {config.Value.ValueKind.ToString().ToLowerInvariant()}.");
        var text = JsonSerializer.Serialize(config.Value);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxConfigBytes)
            throw new PlatformException(ErrorCodes.ConfigInvalid, $"config is larger than {MaxConfigBytes / 1024} KiB.");
        return text;
    }

    /// <summary>Secret names and values; the message names a bad secret's name, never its value.</summary>
    public static IReadOnlyDictionary<string, string> CheckSecrets(IReadOnlyDictionary<string, string>? secrets)
    {
        secrets ??= new Dictionary<string, string>();
        if (secrets.Count > MaxSecrets)
            throw new PlatformException(ErrorCodes.SecretsInvalid, $"At most {MaxSecrets} secrets.");
        foreach (var (name, value) in secrets)
        {
            if (!SecretNamePattern().IsMatch(name))
                throw new PlatformException(ErrorCodes.SecretsInvalid, "Secret names are 1-64 characters of [A-Za-z0-9_.-].");
            if (string.IsNullOrEmpty(value))
                throw new PlatformException(ErrorCodes.SecretsInvalid, $"Secret '{name}' has no value.");
            if (System.Text.Encoding.UTF8.GetByteCount(value) > MaxSecretValueBytes)
                throw new PlatformException(ErrorCodes.SecretsInvalid, $"Secret '{name}' is longer than {MaxSecretValueBytes / 1024} KiB.");
        }
        return secrets;
    }
}
