using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Grains.Tests.Installations;

/// <summary>The Installation grain is the single writer of a (tenant, extension), on a 2-silo cluster; callers on both silos.</summary>
public sealed class InstallationGrainTests : IAsyncLifetime
{
    private const int Callers = 16;
    private ControlPlaneCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ControlPlaneCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Concurrent_installs_of_one_extension_from_both_silos_create_one_installation_and_each_is_audited_once()
    {
        var tenant = await PublishedExtension.CreateAsync(_cluster, "inst-race");
        var outcomes = await ConcurrentlyAsync(service => service.InstallAsync(tenant,
            new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", ["cap:storage.kv"], null, null), "grain-tests", CancellationToken.None));

        Assert.Single(outcomes, outcome => outcome.Installation is not null);
        Assert.All(outcomes.Where(outcome => outcome.Installation is null), outcome => Assert.Equal(ErrorCodes.InstallationExists, outcome.Code));
        var listed = await Installations.ListInstallationsAsync(tenant.Id, CancellationToken.None);
        Assert.Single(listed);

        var audit = await AuditAsync(tenant, InstallationAuditActions.Install);
        Assert.Equal(Callers, audit.Count);
        Assert.Single(audit, record => record.Outcome.Succeeded);
        Assert.Equal(Callers - 1, audit.Count(record => record.Outcome.ErrorCode == ErrorCodes.InstallationExists));
    }

    [Fact]
    public async Task Concurrent_changes_of_one_installation_are_serialised_none_lost_to_a_conflict_and_each_audited_once()
    {
        var tenant = await PublishedExtension.CreateAsync(_cluster, "inst-serial");
        var installed = await Service(0).InstallAsync(tenant, new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", [], null, null),
            "grain-tests", CancellationToken.None);

        // Unserialised, these would race on the optimistic revision check and some would fail with installation_conflict.
        var outcomes = await ConcurrentlyAsync(service => service.SetConfigAsync(tenant, installed.Id,
            new SetConfigRequest(JsonSerializer.SerializeToElement(new { n = Guid.NewGuid() })), "grain-tests", CancellationToken.None));

        Assert.All(outcomes, outcome => Assert.NotNull(outcome.Installation));
        Assert.Equal(Enumerable.Range(2, Callers).Select(i => (long)i), outcomes.Select(outcome => outcome.Installation!.Revision).Order());
        var stored = await Installations.GetInstallationAsync(tenant.Id, installed.Id, CancellationToken.None);
        Assert.Equal(1L + Callers, stored!.Revision);
        Assert.Equal(Callers, (await AuditAsync(tenant, InstallationAuditActions.SetConfig)).Count(record => record.Outcome.Succeeded));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_its_code_audited_once_and_leaves_the_installation_as_it_was()
    {
        var tenant = await PublishedExtension.CreateAsync(_cluster, "inst-bad");
        var service = Service(1);

        var notDeclared = await Assert.ThrowsAsync<PlatformException>(() => service.InstallAsync(tenant,
            new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", ["cap:log"], null, null), "grain-tests", CancellationToken.None));
        Assert.Equal(ErrorCodes.GrantsNotInManifest, notDeclared.Code);
        var noVersion = await Assert.ThrowsAsync<NotFoundException>(() => service.InstallAsync(tenant,
            new CreateInstallationRequest(PublishedExtension.Slug, "9.9.9", [], null, null), "grain-tests", CancellationToken.None));
        Assert.Equal(ErrorCodes.VersionNotFound, noVersion.Code);
        Assert.Empty(await Installations.ListInstallationsAsync(tenant.Id, CancellationToken.None));

        var installed = await service.InstallAsync(tenant, new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", [], null, null),
            "grain-tests", CancellationToken.None);
        var notObject = await Assert.ThrowsAsync<PlatformException>(() => service.SetConfigAsync(tenant, installed.Id,
            new SetConfigRequest(JsonSerializer.SerializeToElement(new[] { 1 })), "grain-tests", CancellationToken.None));
        Assert.Equal(ErrorCodes.ConfigInvalid, notObject.Code);
        // 1.1.0 declares cap:log, 1.0.0 does not: the grants are checked against the target version, so nothing changes.
        var grantsAhead = await Assert.ThrowsAsync<PlatformException>(() => service.ChangeGrantsAsync(tenant, installed.Id,
            new ChangeGrantsRequest(["cap:log"]), "grain-tests", CancellationToken.None));
        Assert.Equal(ErrorCodes.GrantsNotInManifest, grantsAhead.Code);
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => service.EnableAsync(tenant, Guid.NewGuid(), "grain-tests", CancellationToken.None));
        Assert.Equal(ErrorCodes.InstallationNotFound, unknown.Code);

        var stored = await Installations.GetInstallationAsync(tenant.Id, installed.Id, CancellationToken.None);
        Assert.Equal((installed.Revision, installed.Epoch, installed.ConfigJson, installed.UpdatedAt), (stored!.Revision, stored.Epoch, stored.ConfigJson, stored.UpdatedAt));
        Assert.Empty(stored.Grants);
        var refusals = (await AuditAsync(tenant, null)).Where(record => !record.Outcome.Succeeded).Select(record => (record.Action, record.Outcome.ErrorCode)).ToList();
        Assert.Equal(
            [
                (InstallationAuditActions.Install, ErrorCodes.GrantsNotInManifest),
                (InstallationAuditActions.Install, ErrorCodes.VersionNotFound),
                (InstallationAuditActions.SetConfig, ErrorCodes.ConfigInvalid),
                (InstallationAuditActions.ChangeGrants, ErrorCodes.GrantsNotInManifest),
                (InstallationAuditActions.Enable, ErrorCodes.InstallationNotFound),
            ], refusals);
    }

    [Fact]
    public async Task A_change_made_on_one_silo_reaches_the_listeners_of_both()
    {
        var tenant = await PublishedExtension.CreateAsync(_cluster, "inst-push");
        var installed = await Service(0).InstallAsync(tenant, new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", [], null, null),
            "grain-tests", CancellationToken.None);
        var disabled = await Service(1).DisableAsync(tenant, installed.Id, "grain-tests", CancellationToken.None);

        Assert.False(disabled.Enabled);
        Assert.Equal(installed.Epoch + 1, disabled.Epoch);
        foreach (var silo in _cluster.Cluster.GetActiveSilos())
            Assert.Equal(2, _cluster.Service<RecordingListener>(silo).Notices.Count(notice => notice.InstallationId == installed.Id));
    }

    private IMetadataStore Store => _cluster.Service<IMetadataStore>(_cluster.Cluster.Primary!);

    private IInstallationStore Installations => _cluster.Service<IInstallationStore>(_cluster.Cluster.Primary!);

    private InstallationService Service(int silo) => _cluster.Service<InstallationService>(_cluster.Cluster.GetActiveSilos().ElementAt(silo));

    private async Task<IReadOnlyList<(InstallationRecord? Installation, string? Code)>> ConcurrentlyAsync(Func<InstallationService, Task<InstallationRecord>> operation)
    {
        using var start = new SemaphoreSlim(0, Callers);
        var calls = Enumerable.Range(0, Callers).Select(async i =>
        {
            var service = Service(i % 2);
            await start.WaitAsync();
            try
            {
                return ((InstallationRecord?)await operation(service), (string?)null);
            }
            catch (PlatformException refusal)
            {
                return (null, refusal.Code);
            }
        }).ToArray();
        start.Release(Callers);
        return await Task.WhenAll(calls);
    }

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync(TenantRecord tenant, string? action)
    {
        var page = await Store.ListAuditAsync(tenant.Id, null, 500, CancellationToken.None);
        return page.Records.Where(record => action is null || record.Action == action).OrderBy(record => record.Id).ToList();
    }
}
