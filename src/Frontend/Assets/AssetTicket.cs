using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Assets;

/// <summary>What a valid asset ticket opens: one tenant's view of one extension version's UI files.</summary>
public sealed record AssetGrant(Guid TenantId, string Extension, string ContentHash, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived signed tickets that let an iframe load an extension's UI (a plain iframe cannot send
/// a bearer header). Format: <c>base64url(tenantN|extension|contentHash|expiresUnix).base64url(HMAC-SHA256)</c>,
/// keyed by a key derived from the token signing keys (so rotation and the cluster's shared
/// EXTENSION_TOKEN_SECRET apply; any verifying key id is accepted).
/// </summary>
public sealed class AssetTicket(TokenSigningKeys keys, TimeProvider time)
{
    private static readonly byte[] Purpose = "scrm-asset-ticket-v1"u8.ToArray();

    // Ticket keys derived once from the token keys (which are fixed at start-up).
    private readonly byte[] _signingKey = TicketKey(keys.Signing.Key);
    private readonly byte[][] _verifyingKeys = [.. keys.Verifying.Select(key => TicketKey(key.Key))];

    public string Issue(AssetGrant grant)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('|', grant.TenantId.ToString("N"), grant.Extension, grant.ContentHash,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64UrlEncoder.Encode(payload) + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(_signingKey, payload));
    }

    /// <summary>The grant of a well-formed, correctly signed, unexpired ticket; null otherwise.</summary>
    public AssetGrant? Verify(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 1024)
            return null;
        var dot = ticket.IndexOf('.');
        if (dot <= 0)
            return null;
        byte[] payload, mac;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(ticket[..dot]);
            mac = Base64UrlEncoder.DecodeBytes(ticket[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!_verifyingKeys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac)))
            return null;
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 4 || !Guid.TryParseExact(parts[0], "N", out var tenantId)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return null;
        var grant = new AssetGrant(tenantId, parts[1], parts[2], DateTimeOffset.FromUnixTimeSeconds(expires));
        return grant.ExpiresAt > time.GetUtcNow() ? grant : null;
    }

    private static byte[] TicketKey(byte[] tokenSigningKey) => HMACSHA256.HashData(tokenSigningKey, Purpose);
}
