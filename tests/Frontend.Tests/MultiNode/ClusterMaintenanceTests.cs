using Npgsql;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// On the PostgreSQL cluster the maintenance reminder is durable (ADO.NET reminders, migration 7):
/// two real nodes register one reminder row between them, and it fires: an installation uninstalled
/// on node A is purged once past the retention (0 days here, period 2 s). The wait is a liveness bound.
/// </summary>
public sealed class ClusterMaintenanceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task One_durable_reminder_for_the_cluster_purges_an_uninstalled_installation_past_the_retention()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(settings: new Dictionary<string, string>
        {
            ["Extensions:Maintenance:PeriodSeconds"] = "2",
            ["Extensions:Maintenance:UninstalledRetentionDays"] = "0",
        });
        var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, "maintenance-secret");
        var (_, _, keptInstallation) = await cluster.InstalledExtensionAsync(cluster.B, "maintenance-secret");
        var token = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        using (var onA = cluster.A.Client())
            await TwoNodeCluster.CallActionAsync(onA, token.Token, "storage.put", new { key = "k", value = "v" });
        Assert.Equal(1L, await ScalarAsync(cluster, "SELECT COUNT(*) FROM action_storage WHERE installation_id = @id", installation.Id));

        using (var tenantClient = cluster.A.Client(key))
            (await tenantClient.DeleteAsync($"/api/v1/tenants/{tenant}/installations/{installation.Id}")).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline && await ScalarAsync(cluster, "SELECT COUNT(*) FROM installations WHERE id = @id AND purged_at IS NOT NULL", installation.Id) == 0L)
            await Task.Delay(250);

        Assert.Equal(1L, await ScalarAsync(cluster, "SELECT COUNT(*) FROM installations WHERE id = @id AND purged_at IS NOT NULL", installation.Id));
        Assert.Equal(0L, await ScalarAsync(cluster, "SELECT COUNT(*) FROM action_storage WHERE installation_id = @id", installation.Id));
        Assert.Equal(0L, await ScalarAsync(cluster, "SELECT COUNT(*) FROM installations WHERE id = @id AND purged_at IS NOT NULL", keptInstallation.Id));
        Assert.Equal(1L, await ScalarAsync(cluster, "SELECT COUNT(*) FROM OrleansRemindersTable WHERE ReminderName = 'maintenance-2s'", null));
    }

    private static async Task<long> ScalarAsync(TwoNodeCluster cluster, string sql, Guid? id)
    {
        await using var connection = new NpgsqlConnection(cluster.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value)
            command.Parameters.AddWithValue("id", value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
