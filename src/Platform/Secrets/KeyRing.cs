using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Platform.Secrets;

/// <summary>One key of a <see cref="KeyRing"/>.</summary>
public sealed record RingKey(string KeyId, byte[] Material);

/// <summary>
/// Keys with ids, for rotation without downtime: the first key is current (new seals and new tokens
/// use it), the others are still accepted for opening and verifying. Configuration text:
/// <c>kid:value[,kid:value...]</c>, newest first; a value without <c>kid:</c> gets the id
/// <c>k</c> + the first 8 hex digits of its SHA-256, so a bare secret also rotates cleanly.
/// </summary>
public sealed class KeyRing
{
    private const int MaxKeyIdLength = 32;
    private readonly Dictionary<string, RingKey> _byId;

    private KeyRing(IReadOnlyList<RingKey> keys)
    {
        Keys = keys;
        _byId = keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal);
    }

    public IReadOnlyList<RingKey> Keys { get; }
    public RingKey Current => Keys[0];

    public RingKey? Find(string keyId) => _byId.GetValueOrDefault(keyId);

    /// <summary>
    /// Parses configuration text. <paramref name="decode"/> turns one value into key material and
    /// returns null when the value is unusable (the message then names <paramref name="settingName"/>).
    /// </summary>
    public static KeyRing Parse(string text, string settingName, Func<string, byte[]?> decode, string requirement)
    {
        var keys = new List<RingKey>();
        foreach (var rawEntry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = rawEntry.IndexOf(':');
            var value = colon < 0 ? rawEntry : rawEntry[(colon + 1)..].Trim();
            var keyId = colon < 0 ? DerivedKeyId(value) : rawEntry[..colon].Trim();
            if (keyId.Length is 0 or > MaxKeyIdLength || !keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw Invalid(settingName, $"key ids are 1-{MaxKeyIdLength} characters of [A-Za-z0-9._-] (got '{keyId}')");
            if (keys.Any(k => k.KeyId == keyId))
                throw Invalid(settingName, $"key id '{keyId}' appears twice");
            var material = decode(value) ?? throw Invalid(settingName, $"the key with id '{keyId}' is unusable: {requirement}");
            keys.Add(new RingKey(keyId, material));
        }
        if (keys.Count == 0)
            throw Invalid(settingName, "no key is configured");
        return new KeyRing(keys);
    }

    private static string DerivedKeyId(string value) => "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];

    private static PlatformException Invalid(string settingName, string problem) =>
        new(PlatformErrorCodes.InvalidConfiguration, $"{settingName}: {problem}. Format: kid:value[,kid:value...], current key first.");
}
