using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// One revocation, run by the installation's single revocation writer. Tokens are not stored, so the
/// revocation is kept for the longest possible token lifetime (then pruned by the periodic
/// maintenance); it applies to this installation's tokens only. A refused jti writes nothing.
/// </summary>
public sealed class StoreTokenRevoker(
    IInstallationStore installations,
    IChangePublisher changes,
    InstallationAudit audit,
    TimeProvider time) : ITokenRevoker
{
    public Task<InstallationRecord> RevokeAsync(TokenRevocationRequest request, CancellationToken cancellationToken) =>
        audit.RunAsync(request.TenantId, request.Actor, InstallationAuditActions.RevokeToken, $"installation:{request.InstallationId}", async () =>
        {
            var jti = request.Jti;
            if (string.IsNullOrWhiteSpace(jti) || jti.Length > TokenDefaults.MaxJtiLength || jti.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
                throw new PlatformException(ErrorCodes.JtiInvalid, $"jti must be 1-{TokenDefaults.MaxJtiLength} printable characters without spaces.");
            var installation = await installations.GetInstallationAsync(request.TenantId, request.InstallationId, cancellationToken)
                ?? throw InstallationErrors.NotFound(request.TenantSlug, request.InstallationId);
            var now = SqlMetadataStore.StorageTime(time.GetUtcNow());
            var revocation = new TokenRevocation(request.TenantId, installation.Id, jti, now + TokenDefaults.MaxTtl + TokenDefaults.ClockSkew, now);
            await installations.RevokeTokenAsync(revocation, cancellationToken);
            await changes.PublishAsync(new ChangeNotice(ChangeKind.TokenRevoked, request.TenantId, installation.Id, Jti: jti, ExpiresAt: revocation.ExpiresAt));
            return installation;
        }, cancellationToken, detail: new { jti = request.Jti });
}
