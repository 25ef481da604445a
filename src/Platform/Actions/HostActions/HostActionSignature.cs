using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Platform.Actions.HostActions;

/// <summary>
/// How a forwarded host-action call is signed, so the CRM backend can tell it came from this platform
/// and was not replayed long after:
/// <code>
/// X-Scrm-Timestamp: 1763740800                      (Unix seconds when sent)
/// X-Scrm-Signature: v1=&lt;64 lowercase hex&gt;          HMAC-SHA256(key = signing secret as UTF-8,
///                                                    message = timestamp + "." + raw body bytes)
/// </code>
/// A receiver recomputes the HMAC over the exact body bytes, compares in constant time, and refuses
/// timestamps more than a few minutes from its clock.
/// </summary>
public static class HostActionSignature
{
    public const string TimestampHeader = "X-Scrm-Timestamp";
    public const string SignatureHeader = "X-Scrm-Signature";
    public const string ActionHeader = "X-Scrm-Action";
    public const string Version = "v1";

    public static string Sign(string signingSecret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }

    /// <summary>The receiver's check (used by tests and usable by .NET CRM backends).</summary>
    public static bool Verify(string signingSecret, string timestampHeader, string signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Duration() > tolerance)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(signingSecret, unixSeconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
