using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>
/// API key format and hashing. A key is "sk_" + 43 base64url characters (32 random bytes, 256 bits),
/// so a plain SHA-256 is a sound hash: there is nothing to brute-force.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "sk_";
    private const int RandomBytes = 32;
    private const int DisplayPrefixLength = 11; // "sk_" + 8 characters
    /// <summary>Shortest key accepted from configuration (EXTENSIONS_ADMIN_API_KEY): an unsalted hash needs entropy.</summary>
    public const int MinimumConfiguredLength = 24;

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    /// <summary>"sha256:" + 64 lowercase hex characters of the key's UTF-8 bytes.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ContentHash.Compute(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The first characters of the key, safe to show in listings and logs.</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(DisplayPrefixLength, key.Length / 4)];

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
