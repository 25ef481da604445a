using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Platform.Secrets;

/// <summary>
/// AES-256-GCM sealing of installation secrets. Sealed text: <c>v1.{kid}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>
/// with a fresh 96-bit nonce per seal. The associated data binds a sealed value to its tenant,
/// installation and name, so a sealed value copied to another row does not open.
/// </summary>
public sealed class SecretSealer(KeyRing keys)
{
    /// <summary>Configuration variable: <c>kid:base64(32 bytes)[,...]</c>, current key first.</summary>
    public const string ConfigurationVariable = "EXTENSION_SECRET_KEYS";
    public const string KeyRequirement = "a sealing key is the base64 of exactly 32 random bytes (openssl rand -base64 32)";

    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;

    public static KeyRing ParseKeys(string text) => KeyRing.Parse(text, ConfigurationVariable, DecodeKey, KeyRequirement);

    /// <summary>A new configuration value holding one fresh random key.</summary>
    public static string GenerateKeyText() => $"s{DateTime.UtcNow:yyyyMMdd}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize))}";

    public string Seal(string plaintext, SecretContext context)
    {
        var key = keys.Current;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[NonceSize + plain.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize, plain.Length), blob.AsSpan(NonceSize + plain.Length), context.AssociatedData());
        CryptographicOperations.ZeroMemory(plain);
        return $"{Version}.{key.KeyId}.{Base64Url(blob)}";
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the value is damaged, misplaced or its key is gone.</summary>
    public string Open(string sealedValue, SecretContext context)
    {
        var parts = sealedValue.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
            throw new CryptographicException("The sealed secret has an unknown format.");
        var key = keys.Find(parts[1])
            ?? throw new CryptographicException($"The sealed secret uses key id '{parts[1]}', which is not configured in {ConfigurationVariable}.");
        var blob = FromBase64Url(parts[2]);
        if (blob.Length < NonceSize + TagSize)
            throw new CryptographicException("The sealed secret is truncated.");
        var cipherLength = blob.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, cipherLength), blob.AsSpan(NonceSize + cipherLength), plain, context.AssociatedData());
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The key id a sealed value was made with (for re-sealing under the current key), or null.</summary>
    public static string? KeyIdOf(string sealedValue) => sealedValue.Split('.') is [Version, var keyId, _] ? keyId : null;

    private static byte[]? DecodeKey(string value)
    {
        try
        {
            var bytes = Convert.FromBase64String(value);
            return bytes.Length == KeySize ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("The sealed secret is not valid base64url.", e);
        }
    }
}

/// <summary>Where a secret lives; part of the AES-GCM associated data.</summary>
public readonly record struct SecretContext(Guid TenantId, Guid InstallationId, string Name)
{
    public byte[] AssociatedData() => Encoding.UTF8.GetBytes($"scrm-secret/v1/{TenantId:N}/{InstallationId:N}/{Name}");
}
