using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>A minted token and its id and expiry.</summary>
public sealed record MintedToken(string Token, string Jti, DateTimeOffset ExpiresAt);

/// <summary>
/// Mints extension tokens for the CRM backend: one installation, one user, its current grants and
/// epoch, at most <see cref="TokenDefaults.MaxTtl"/>. Reads the installation from the store (not the
/// cache) so the epoch is the newest committed one.
/// </summary>
public sealed class TokenIssuer(IInstallationStore store, TokenSigningKeys keys, TimeProvider time)
{
    private readonly TokenWriter _writer = new(keys);

    public async Task<MintedToken> MintAsync(TenantRecord tenant, Guid installationId, string? user, int? ttlSeconds, CancellationToken cancellationToken)
    {
        var ttl = ttlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TokenDefaults.DefaultTtl;
        if (ttl <= TimeSpan.Zero || ttl > TokenDefaults.MaxTtl)
            throw new PlatformException(ErrorCodes.TokenTtlInvalid,
                $"ttlSeconds must be between 1 and {(int)TokenDefaults.MaxTtl.TotalSeconds} (got {ttlSeconds}).");
        if (string.IsNullOrWhiteSpace(user) || user.Length > TokenDefaults.MaxUserLength || user.Any(char.IsControl))
            throw new PlatformException(ErrorCodes.TokenUserInvalid, $"user must be 1-{TokenDefaults.MaxUserLength} printable characters.");

        var installation = await store.GetInstallationAsync(tenant.Id, installationId, cancellationToken)
            ?? throw InstallationErrors.NotFound(tenant.Slug, installationId);
        if (!installation.Enabled)
            throw new PlatformException(ErrorCodes.InstallationDisabled, $"Installation {installationId} is disabled; enable it before minting tokens.");

        return Mint(tenant.Id, tenant.Slug, installation, user, ttl);
    }

    /// <summary>
    /// Mints from an installation the caller already holds (the gateway's per-request token, from the
    /// change-feed-invalidated directory cache: no store read on the hot path). No argument checks:
    /// the caller passes a known installation, a printable user and a TTL within <see cref="TokenDefaults.MaxTtl"/>.
    /// </summary>
    public MintedToken Mint(Guid tenantId, string tenantSlug, InstallationRecord installation, string user, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        var expires = now + ttl;
        var jti = Guid.NewGuid().ToString("N");
        var token = _writer.Write(jti, user, tenantId, tenantSlug, installation, now, expires);
        return new MintedToken(token, jti, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }
}
