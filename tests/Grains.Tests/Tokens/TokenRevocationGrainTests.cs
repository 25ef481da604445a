using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Grains.Tests.Tokens;

/// <summary>Revocations go through the installation's TokenRevocation grain and reach every silo's deny set; 2-silo cluster.</summary>
public sealed class TokenRevocationGrainTests : IAsyncLifetime
{
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_jti_revoked_on_one_silo_is_denied_by_both_when_the_call_returns_and_only_for_its_installation()
    {
        var (tenant, installation) = await InstalledAsync("revoke-push");
        var silos = _cluster.Cluster.GetActiveSilos().ToList();
        Assert.All(silos, silo => Assert.False(_cluster.Service<RevocationList>(silo).IsRevoked(installation.Id, "jti-1")));

        var answered = await Service(1).RevokeTokenAsync(tenant, installation.Id, "jti-1", "grain-tests", CancellationToken.None);

        Assert.Equal(installation.Id, answered.Id);
        foreach (var silo in silos)
        {
            Assert.True(_cluster.Service<RevocationList>(silo).IsRevoked(installation.Id, "jti-1"));
            Assert.False(_cluster.Service<RevocationList>(silo).IsRevoked(Guid.NewGuid(), "jti-1"));
        }
        var live = await Installations.LoadLiveRevocationsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Single(live, revocation => revocation.InstallationId == installation.Id && revocation.Jti == "jti-1");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("line\nbreak")]
    public async Task A_bad_jti_is_refused_with_jti_invalid_audited_once_and_nothing_is_stored_or_pushed(string? jti)
    {
        var (tenant, installation) = await InstalledAsync("revoke-bad");
        var before = await Installations.LoadLiveRevocationsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var notices = _cluster.Service<RecordingListener>(_cluster.Cluster.Primary!).Notices.Count;

        var refusal = await Assert.ThrowsAsync<PlatformException>(() => Service(0).RevokeTokenAsync(tenant, installation.Id, jti, "grain-tests", CancellationToken.None));

        Assert.Equal(ErrorCodes.JtiInvalid, refusal.Code);
        Assert.Equal(before.Count, (await Installations.LoadLiveRevocationsAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Count);
        Assert.Equal(notices, _cluster.Service<RecordingListener>(_cluster.Cluster.Primary!).Notices.Count);
        var audit = (await Store.ListAuditAsync(tenant.Id, null, 100, CancellationToken.None)).Records.Where(r => r.Action == InstallationAuditActions.RevokeToken).ToList();
        Assert.Single(audit);
        Assert.Equal(ErrorCodes.JtiInvalid, audit[0].Outcome.ErrorCode);
    }

    [Fact]
    public async Task Another_tenants_installation_id_is_not_found_and_nothing_is_revoked()
    {
        var (_, installation) = await InstalledAsync("revoke-owner");
        var other = await PublishedExtension.CreateAsync(_cluster, "revoke-other");

        var refusal = await Assert.ThrowsAsync<NotFoundException>(() => Service(0).RevokeTokenAsync(other, installation.Id, "jti-x", "grain-tests", CancellationToken.None));

        Assert.Equal(ErrorCodes.InstallationNotFound, refusal.Code);
        Assert.DoesNotContain(await Installations.LoadLiveRevocationsAsync(DateTimeOffset.UtcNow, CancellationToken.None), r => r.Jti == "jti-x");
        Assert.All(_cluster.Cluster.GetActiveSilos(), silo => Assert.False(_cluster.Service<RevocationList>(silo).IsRevoked(installation.Id, "jti-x")));
    }

    [Fact]
    public async Task Concurrent_revocations_from_both_silos_are_each_audited_once_and_all_denied_everywhere()
    {
        var (tenant, installation) = await InstalledAsync("revoke-many");
        var jtis = Enumerable.Range(0, 12).Select(i => $"jti-{i}").ToList();

        await Task.WhenAll(jtis.Select((jti, i) => Service(i % 2).RevokeTokenAsync(tenant, installation.Id, jti, "grain-tests", CancellationToken.None)));

        foreach (var silo in _cluster.Cluster.GetActiveSilos())
            Assert.All(jtis, jti => Assert.True(_cluster.Service<RevocationList>(silo).IsRevoked(installation.Id, jti)));
        var audit = (await Store.ListAuditAsync(tenant.Id, null, 100, CancellationToken.None)).Records.Where(r => r.Action == InstallationAuditActions.RevokeToken).ToList();
        Assert.Equal(jtis.Count, audit.Count(r => r.Outcome.Succeeded));
    }

    [Fact]
    public async Task Revoke_all_bumps_the_epoch_once_through_the_installation_grain()
    {
        var (tenant, installation) = await InstalledAsync("revoke-all");

        var revoked = await Service(1).RevokeAllTokensAsync(tenant, installation.Id, "grain-tests", CancellationToken.None);

        Assert.Equal(installation.Epoch + 1, revoked.Epoch);
        Assert.Equal(revoked.Epoch, (await Installations.GetInstallationAsync(tenant.Id, installation.Id, CancellationToken.None))!.Epoch);
        var audit = (await Store.ListAuditAsync(tenant.Id, null, 100, CancellationToken.None)).Records.Where(r => r.Action == InstallationAuditActions.RevokeAllTokens);
        Assert.Single(audit);
    }

    private async Task<(TenantRecord Tenant, InstallationRecord Installation)> InstalledAsync(string tenantSlug)
    {
        var tenant = await PublishedExtension.CreateAsync(_cluster, tenantSlug);
        var installation = await Service(0).InstallAsync(tenant, new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", [], null, null),
            "grain-tests", CancellationToken.None);
        return (tenant, installation);
    }

    private IMetadataStore Store => _cluster.Service<IMetadataStore>(_cluster.Cluster.Primary!);

    private IInstallationStore Installations => _cluster.Service<IInstallationStore>(_cluster.Cluster.Primary!);

    private InstallationService Service(int silo) => _cluster.Service<InstallationService>(_cluster.Cluster.GetActiveSilos().ElementAt(silo));
}
