using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Tests.Hosting;

/// <summary>Start-up: option validation naming the bad setting, and the one-time admin key.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Extensions:MetadataStore", "mysql", "Extensions:MetadataStore")]
    [InlineData("Extensions:MetadataStore", "postgres", "Extensions:PostgresConnectionString")]
    [InlineData("Extensions:BundleLimits:MaxEntries", "0", "Extensions:BundleLimits:MaxEntries")]
    [InlineData("EXTENSION_GCS_BUCKET", "some-bucket", "EXTENSION_GCS_KEY_FILE")]
    [InlineData("Extensions:Cluster:SiloPort", "70000", "Extensions:Cluster:SiloPort")]
    [InlineData("Extensions:Cluster:AdvertisedAddress", "not-an-address", "Extensions:Cluster:AdvertisedAddress")]
    [InlineData("Extensions:Cluster:Role", "edge", "Extensions:Cluster:Role")]
    [InlineData("Extensions:Cluster:Role", "client", "Extensions:MetadataStore")] // a client finds the gateways in the cluster's database
    public async Task Invalid_setting_stops_start_up_with_a_message_naming_it(string setting, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningServer.StartAsync(new Dictionary<string, string> { [setting] = value }));
        Assert.Contains(failure.Failures, message => message.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EXTENSION_TOKEN_SECRET")]
    [InlineData("EXTENSION_SECRET_KEYS")]
    public async Task A_cluster_node_without_a_shared_key_refuses_to_start_naming_it(string missing)
    {
        var settings = new Dictionary<string, string>(ClusterNodeKeys.Settings)
        {
            ["Extensions:MetadataStore"] = "postgres",
            ["Extensions:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=none",
        };
        settings.Remove(missing);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync(settings));
        var message = Assert.Single(failure.Failures);
        Assert.Contains(missing, message, StringComparison.Ordinal);
        Assert.Contains("cluster node", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_node_whose_database_cannot_be_reached_refuses_to_start_saying_so()
    {
        var settings = new Dictionary<string, string>(ClusterNodeKeys.Settings)
        {
            ["Extensions:MetadataStore"] = "postgres",
            ["Extensions:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Timeout=3",
        };
        var failure = await Assert.ThrowsAnyAsync<PlatformException>(() => RunningServer.StartAsync(settings));
        Assert.Equal(PlatformErrorCodes.MetadataStoreUnavailable, failure.Code);
        Assert.Contains("cannot be reached", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_start_generates_a_working_admin_key_and_a_restart_does_not_print_another()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "scrm-frontend-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var first = await RunningServer.StartAsync(new Dictionary<string, string>(), dataDirectory, configureAdminKey: false);
            var generated = first.GeneratedAdminKey;
            try
            {
                Assert.NotNull(generated);
                using var admin = first.WithKey(generated);
                using var created = await admin.PostAsJsonAsync(Api.Tenants, new { slug = "first-start" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                Assert.True(File.Exists(Path.Combine(dataDirectory, "extensions.db")));
            }
            finally
            {
                await first.StopAsync();
            }

            var second = await RunningServer.StartAsync(new Dictionary<string, string>(), dataDirectory, configureAdminKey: false);
            try
            {
                Assert.Null(second.GeneratedAdminKey);
                using var admin = second.WithKey(generated!);
                using var created = await admin.PostAsJsonAsync(Api.Tenants, new { slug = "second-start" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            finally
            {
                await second.StopAsync();
            }
        }
        finally
        {
            RunningServer.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task A_GCS_key_file_that_is_not_a_service_account_key_stops_start_up_naming_the_setting()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), "scrm-not-a-key-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(keyFile, "{\"type\":\"service_account\",\"private_key\":\"not a key\"}");
        try
        {
            var failure = await Assert.ThrowsAsync<PlatformException>(() => RunningServer.StartAsync(new Dictionary<string, string>
            {
                ["EXTENSION_GCS_BUCKET"] = "some-bucket",
                ["EXTENSION_GCS_KEY_FILE"] = keyFile,
            }));

            Assert.Equal(PlatformErrorCodes.InvalidConfiguration, failure.Code);
            Assert.Contains("EXTENSION_GCS_KEY_FILE", failure.Message);
            Assert.Contains(keyFile, failure.Message);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public void A_dropped_database_connection_is_503_metadata_store_unavailable_without_its_message_and_a_database_error_stays_500()
    {
        var dropped = new Npgsql.NpgsqlException("Failed to connect to 10.0.0.5:5432 (secret host)", new System.Net.Sockets.SocketException());
        Assert.True(dropped.IsTransient);
        var (status, code, detail) = Problems.ExceptionMapping.Map(dropped);
        Assert.Equal((503, Platform.PlatformErrorCodes.MetadataStoreUnavailable), (status, code));
        Assert.DoesNotContain("secret", detail);

        var bug = new Npgsql.NpgsqlException("syntax error at or near SELEC");
        Assert.False(bug.IsTransient);
        Assert.Equal(500, Problems.ExceptionMapping.Map(bug).Status);
    }

    [Fact]
    public void Unhandled_exceptions_become_500_internal_error_without_their_message()
    {
        var (status, code, detail) = Problems.ExceptionMapping.Map(new InvalidOperationException("secret connection string in here"));
        Assert.Equal((500, ErrorCodes.InternalError), (status, code));
        Assert.DoesNotContain("secret", detail);
    }
}
