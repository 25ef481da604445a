using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// Writes extension tokens: compact JWS, HS256, header <c>{"alg","kid","typ"}</c>, the registered
/// claims and <see cref="TokenClaimNames"/>. Written directly rather than through a general JWT
/// library because the gateway mints one per request; <see cref="TokenValidator"/> reads them with
/// the standard validator like any other token.
/// </summary>
internal sealed class TokenWriter
{
    private readonly byte[] _key;
    private readonly byte[] _encodedHeader;

    public TokenWriter(TokenSigningKeys keys)
    {
        _key = keys.Signing.Key;
        var header = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteString("alg", "HS256");
            json.WriteString("kid", keys.Signing.KeyId);
            json.WriteString("typ", "JWT");
            json.WriteEndObject();
        }
        _encodedHeader = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header.WrittenSpan));
    }

    public string Write(string jti, string user, Guid tenantId, string tenantSlug, InstallationRecord installation, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString(JwtRegisteredClaimNames.Iss, TokenDefaults.Issuer);
            json.WriteString(JwtRegisteredClaimNames.Aud, TokenDefaults.Audience);
            json.WriteString(JwtRegisteredClaimNames.Jti, jti);
            json.WriteString(JwtRegisteredClaimNames.Sub, user);
            json.WriteNumber(JwtRegisteredClaimNames.Iat, issuedAt.ToUnixTimeSeconds());
            json.WriteNumber(JwtRegisteredClaimNames.Nbf, issuedAt.ToUnixTimeSeconds());
            json.WriteNumber(JwtRegisteredClaimNames.Exp, expires.ToUnixTimeSeconds());
            json.WriteString(TokenClaimNames.TenantId, tenantId.ToString());
            json.WriteString(TokenClaimNames.Tenant, tenantSlug);
            json.WriteString(TokenClaimNames.Extension, installation.ExtensionSlug);
            json.WriteString(TokenClaimNames.Installation, installation.Id.ToString());
            json.WriteString(TokenClaimNames.Version, installation.Version);
            json.WriteString(TokenClaimNames.ContentHash, installation.ContentHash);
            json.WriteStartArray(TokenClaimNames.Capabilities);
            foreach (var grant in installation.Grants)
                json.WriteStringValue(grant);
            json.WriteEndArray();
            json.WriteNumber(TokenClaimNames.Epoch, installation.Epoch);
            json.WriteEndObject();
        }

        // header "." payload, then "." signature, all base64url
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signingInputLength = _encodedHeader.Length + 1 + payloadLength;
        var signatureLength = Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);
        var token = new byte[signingInputLength + 1 + signatureLength];
        _encodedHeader.CopyTo(token, 0);
        token[_encodedHeader.Length] = (byte)'.';
        Base64Url.EncodeToUtf8(payload.WrittenSpan, token.AsSpan(_encodedHeader.Length + 1));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, token.AsSpan(0, signingInputLength), mac);
        token[signingInputLength] = (byte)'.';
        Base64Url.EncodeToUtf8(mac, token.AsSpan(signingInputLength + 1));
        return Encoding.ASCII.GetString(token);
    }
}
