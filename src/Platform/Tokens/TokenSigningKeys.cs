using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Selegic.Extensions.Platform.Secrets;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>The HMAC-SHA256 keys of <see cref="TokenDefaults.SecretVariable"/>: the first signs, all verify (by <c>kid</c>).</summary>
public sealed class TokenSigningKeys
{
    public TokenSigningKeys(KeyRing ring)
    {
        Signing = ToKey(ring.Current);
        Verifying = ring.Keys.Select(ToKey).ToList();
    }

    public SymmetricSecurityKey Signing { get; }
    public IReadOnlyList<SymmetricSecurityKey> Verifying { get; }

    public static TokenSigningKeys Parse(string text) => new(KeyRing.Parse(text, TokenDefaults.SecretVariable,
        value => Encoding.UTF8.GetByteCount(value) >= TokenDefaults.MinSecretBytes ? Encoding.UTF8.GetBytes(value) : null,
        TokenDefaults.SecretRequirement));

    /// <summary>A configuration value with one fresh random secret (for the embedded default's generated key file).</summary>
    public static string GenerateSecretText() => $"t{DateTime.UtcNow:yyyyMMdd}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}";

    private static SymmetricSecurityKey ToKey(RingKey key) => new(key.Material) { KeyId = key.KeyId };
}
