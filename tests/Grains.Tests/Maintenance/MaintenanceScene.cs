using Microsoft.Data.Sqlite;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Grains.Tests.Maintenance;

/// <summary>
/// What the maintenance must sort out: three installations of one tenant with a stored value and a
/// log line each — one active, one uninstalled 31 days ago (the retention is 30), one uninstalled
/// just now — and two revocations, one expired a day ago, one live.
/// </summary>
public sealed class MaintenanceScene
{
    private static readonly StorageQuota Quota = new(100, 1_000_000);

    private MaintenanceScene(ControlPlaneCluster cluster, TenantRecord tenant, InstallationRecord active, InstallationRecord old, InstallationRecord recent)
    {
        Cluster = cluster;
        Tenant = tenant;
        Active = active;
        Old = old;
        Recent = recent;
    }

    public ControlPlaneCluster Cluster { get; }
    public TenantRecord Tenant { get; }
    public InstallationRecord Active { get; }
    public InstallationRecord Old { get; }
    public InstallationRecord Recent { get; }

    public IMetadataStore Store => Cluster.Service<IMetadataStore>(Cluster.Cluster.Primary!);
    public IInstallationStore Installations => Cluster.Service<IInstallationStore>(Cluster.Cluster.Primary!);
    public IActionDataStore Data => SqlActionDataStore.For(Cluster.Service<InsertCountingStore>(Cluster.Cluster.Primary!).Real);

    public static async Task<MaintenanceScene> ArrangeAsync(ControlPlaneCluster cluster)
    {
        var service = cluster.Service<InstallationService>(cluster.Cluster.Primary!);
        var installations = new List<InstallationRecord>();
        var now = DateTimeOffset.UtcNow;
        // One extension per tenant can be active at a time: three tenants sharing nothing but the cluster.
        var tenants = new List<TenantRecord>();
        for (var i = 0; i < 3; i++)
        {
            var tenant = await PublishedExtension.CreateAsync(cluster, $"maint-{Guid.NewGuid():N}"[..20]);
            tenants.Add(tenant);
            installations.Add(await service.InstallAsync(tenant, new CreateInstallationRequest(PublishedExtension.Slug, "1.0.0", [], null, null),
                "grain-tests", CancellationToken.None));
        }
        var scene = new MaintenanceScene(cluster, tenants[0], installations[0], installations[1], installations[2]);
        foreach (var installation in installations)
        {
            await scene.Data.PutValueAsync(installation.TenantId, installation.Id, "k", "\"v\"", Quota, now, CancellationToken.None);
            await scene.Data.AppendLogAsync(new InstallationLogEntry(0, installation.TenantId, installation.Id, "info", "hello", null, null, now), 100,
                CancellationToken.None);
        }
        await service.UninstallAsync(tenants[1], scene.Old.Id, "grain-tests", CancellationToken.None);
        await service.UninstallAsync(tenants[2], scene.Recent.Id, "grain-tests", CancellationToken.None);
        await scene.BackdateUninstallAsync(scene.Old, TimeSpan.FromDays(31));

        await scene.Installations.RevokeTokenAsync(new TokenRevocation(scene.Active.TenantId, scene.Active.Id, "expired", now.AddDays(-1), now.AddDays(-2)),
            CancellationToken.None);
        await scene.Installations.RevokeTokenAsync(new TokenRevocation(scene.Active.TenantId, scene.Active.Id, "live", now.AddHours(1), now),
            CancellationToken.None);
        return scene;
    }

    public async Task<bool> HasDataAsync(InstallationRecord installation)
    {
        var value = await Data.GetValueAsync(installation.TenantId, installation.Id, "k", CancellationToken.None);
        var logs = await Data.ListLogsAsync(installation.TenantId, installation.Id, null, 10, CancellationToken.None);
        Assert.Equal(value is null, logs.Entries.Count == 0); // storage and logs go together
        return value is not null;
    }

    public async Task<IReadOnlyList<string>> LiveJtisAsync() =>
        (await Installations.LoadLiveRevocationsAsync(DateTimeOffset.UtcNow.AddDays(-7), CancellationToken.None)).Select(r => r.Jti).Order().ToList();

    public async Task<int> PurgeAuditsAsync(InstallationRecord installation)
    {
        var page = await Store.ListAuditAsync(installation.TenantId, null, 100, CancellationToken.None);
        return page.Records.Count(r => r.Action == InstallationAuditActions.Purge && r.Target == $"installation:{installation.Id}");
    }

    public async Task<int> InstallationRowsAsync()
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM installations WHERE id IN ($a, $b, $c)";
        command.Parameters.AddWithValue("$a", Active.Id.ToString("D"));
        command.Parameters.AddWithValue("$b", Old.Id.ToString("D"));
        command.Parameters.AddWithValue("$c", Recent.Id.ToString("D"));
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private async Task BackdateUninstallAsync(InstallationRecord installation, TimeSpan by)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE installations SET uninstalled_at = $at WHERE id = $id";
        command.Parameters.AddWithValue("$at", (DateTime.UtcNow - by).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$id", installation.Id.ToString("D"));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Cluster.Root, "extensions.db")};Default Timeout=30");
        connection.Open();
        return connection;
    }
}
