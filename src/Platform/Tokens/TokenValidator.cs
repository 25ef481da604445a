using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// <see cref="ITokenValidator"/> over JsonWebTokenHandler: HS256 only, any configured key id,
/// issuer and audience fixed, lifetime at most <see cref="TokenDefaults.MaxTtl"/>; then the node's
/// deny set and the installation's cached state (present, enabled, same epoch).
/// A token whose signature and claims verified is remembered (up to <see cref="MaxVerifiedTokens"/>),
/// so a caller that sends the same token with every request pays for the cryptography once; its
/// expiry, the deny set and the installation are still checked on every use.
/// </summary>
public sealed class TokenValidator(TokenSigningKeys keys, RevocationList revocations, IInstallationDirectory directory, TimeProvider time) : ITokenValidator
{
    /// <summary>Past this many remembered tokens the memory starts over (only verified tokens get in).</summary>
    public const int MaxVerifiedTokens = 10_000;

    private readonly ConcurrentDictionary<string, TokenClaims> _verified = new(StringComparer.Ordinal);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters = new()
    {
        ValidIssuer = TokenDefaults.Issuer,
        ValidAudience = TokenDefaults.Audience,
        IssuerSigningKeys = keys.Verifying,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        // The kid must name a configured key; never fall back to trying every key.
        TryAllIssuerSigningKeys = false,
        ClockSkew = TokenDefaults.ClockSkew,
    };

    public async ValueTask<TokenValidationResult> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
            return TokenValidationResult.Failure(TokenFailureCodes.Missing, "No extension token was sent.");
        if (token.Length > TokenDefaults.MaxTokenLength)
            return Invalid("The token is too long.");

        if (_verified.TryGetValue(token, out var claims))
        {
            if (time.GetUtcNow() > claims.ExpiresAt + TokenDefaults.ClockSkew)
            {
                _verified.TryRemove(token, out _);
                return TokenValidationResult.Failure(TokenFailureCodes.Expired, "The token has expired.");
            }
        }
        else
        {
            var (verified, refusal) = await VerifyAsync(token);
            if (verified is null)
                return refusal!;
            claims = verified;
            if (_verified.Count >= MaxVerifiedTokens)
                _verified.Clear();
            _verified[token] = claims;
        }

        if (revocations.IsRevoked(claims.InstallationId, claims.Jti))
            return Revoked("The token was revoked.");
        var installation = await directory.FindAsync(claims.TenantId, claims.InstallationId, cancellationToken);
        if (installation is null)
            return Revoked("The token's installation was uninstalled.");
        if (!installation.Enabled)
            return Revoked("The token's installation is disabled.");
        if (claims.Epoch != installation.Epoch)
            return Revoked("All tokens of this installation were revoked.");
        return TokenValidationResult.Success(claims, installation);
    }

    /// <summary>Signature, issuer, audience, lifetime and claims: what never changes for a given token string.</summary>
    private async Task<(TokenClaims? Claims, TokenValidationResult? Refusal)> VerifyAsync(string token)
    {
        var checkedToken = await _handler.ValidateTokenAsync(token, _parameters);
        if (!checkedToken.IsValid)
            return (null, checkedToken.Exception switch
            {
                SecurityTokenExpiredException => TokenValidationResult.Failure(TokenFailureCodes.Expired, "The token has expired."),
                SecurityTokenInvalidAudienceException => TokenValidationResult.Failure(TokenFailureCodes.WrongAudience,
                    "The token was not issued for the Action API."),
                _ => Invalid("The token is malformed or its signature does not verify."),
            });

        if (checkedToken.SecurityToken is not JsonWebToken jwt || ReadClaims(jwt) is not { } claims)
            return (null, Invalid("The token lacks required claims."));
        if (claims.ExpiresAt - claims.IssuedAt > TokenDefaults.MaxTtl)
            return (null, Invalid("The token's lifetime exceeds the maximum."));
        return (claims, null);
    }

    private static TokenClaims? ReadClaims(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(TokenClaimNames.TenantId, out var tenantIdText) || !Guid.TryParse(tenantIdText, out var tenantId)
            || !jwt.TryGetPayloadValue<string>(TokenClaimNames.Installation, out var installationText) || !Guid.TryParse(installationText, out var installationId)
            || !jwt.TryGetPayloadValue<string>(TokenClaimNames.Tenant, out var tenant)
            || !jwt.TryGetPayloadValue<string>(TokenClaimNames.Extension, out var extension)
            || !jwt.TryGetPayloadValue<string>(TokenClaimNames.Version, out var version)
            || !jwt.TryGetPayloadValue<string>(TokenClaimNames.ContentHash, out var contentHash)
            || !jwt.TryGetPayloadValue<string[]>(TokenClaimNames.Capabilities, out var capabilities)
            || !jwt.TryGetPayloadValue<long>(TokenClaimNames.Epoch, out var epoch)
            || string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > TokenDefaults.MaxJtiLength
            || string.IsNullOrEmpty(jwt.Subject))
            return null;
        return new TokenClaims(tenantId, tenant, extension, installationId, version, contentHash, capabilities, jwt.Subject, jwt.Id, epoch,
            new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private static TokenValidationResult Invalid(string message) => TokenValidationResult.Failure(TokenFailureCodes.Invalid, message);
    private static TokenValidationResult Revoked(string message) => TokenValidationResult.Failure(TokenFailureCodes.Revoked, message);
}
