using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>
/// Builds HS256 JWTs byte by byte with the BCL (independent of the server's JWT library), so tests
/// can forge, expire, re-address and re-sign tokens the way an attacker or a buggy client would.
/// </summary>
public static class TestTokenSigner
{
    public const string CurrentKeyId = "test-current";
    public const string OldKeyId = "test-old";
    public const string CurrentSecret = "current-secret-for-http-tests-0123456789abcdef";
    public const string OldSecret = "old-secret-for-http-tests-0123456789abcdefghij";

    /// <summary>The EXTENSION_TOKEN_SECRET the token fixtures configure: current key first, the old one still accepted.</summary>
    public const string Configuration = $"{CurrentKeyId}:{CurrentSecret},{OldKeyId}:{OldSecret}";

    public static string Sign(JsonElement payload, string keyId, string secret, string alg = "HS256")
    {
        var header = JsonSerializer.Serialize(new { alg, kid = keyId, typ = "JWT" });
        var signingInput = Encode(Encoding.UTF8.GetBytes(header)) + "." + Encode(Encoding.UTF8.GetBytes(payload.GetRawText()));
        var signature = alg == "none" ? "" : Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    /// <summary>A copy of <paramref name="payload"/> with some members replaced (null removes the member).</summary>
    public static JsonElement With(JsonElement payload, params (string Name, object? Value)[] changes)
    {
        var members = payload.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        foreach (var (name, value) in changes)
        {
            if (value is null) members.Remove(name);
            else members[name] = value;
        }
        return JsonSerializer.SerializeToElement(members);
    }

    public static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
